using System.ComponentModel.DataAnnotations;

namespace AgentOps.Host.Hosting;

/// <summary>Logging (section <c>Logging</c>): Serilog to the console (standard error) and a rolling file.</summary>
public sealed class LoggingOptions
{
    public const string SectionName = "Logging";

    /// <summary>Minimum level written to the file: Verbose, Debug, Information, Warning, Error, Fatal.</summary>
    /// <value>Default <c>Information</c>.</value>
    [Required]
    [RegularExpression("^(Verbose|Debug|Information|Warning|Error|Fatal)$", ErrorMessage = "must be one of Verbose, Debug, Information, Warning, Error, Fatal")]
    public string Level { get; set; } = "Information";

    /// <summary>Minimum level written to the console (standard error), so command output stays clean.</summary>
    /// <value>Default <c>Warning</c>.</value>
    [Required]
    [RegularExpression("^(Verbose|Debug|Information|Warning|Error|Fatal)$", ErrorMessage = "must be one of Verbose, Debug, Information, Warning, Error, Fatal")]
    public string ConsoleLevel { get; set; } = "Warning";

    /// <summary>Rolling log file, relative to the working directory; empty disables it.</summary>
    /// <value>Default <c>logs/agentops-.log</c> (one file a day).</value>
    public string File { get; set; } = "logs/agentops-.log";

    /// <summary>Write JSON (compact Serilog format) instead of text.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Json { get; set; }
}
