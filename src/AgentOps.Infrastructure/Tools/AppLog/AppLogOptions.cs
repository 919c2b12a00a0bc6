using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.AppLog;

/// <summary>Application log files the simple line search may read (section <c>Tools:AppLog</c>). The tool is available only when a path is set.</summary>
public sealed class AppLogOptions
{
    /// <summary>Log files to search. Default none (tool disabled).</summary>
    public List<string> Paths { get; init; } = [];

    /// <summary>Most lines read per file (from the end of the file). Default 200 000.</summary>
    [Range(100, 10_000_000)]
    public int MaxLinesPerFile { get; set; } = 200_000;
}
