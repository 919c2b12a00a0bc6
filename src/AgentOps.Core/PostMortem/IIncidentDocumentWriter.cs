namespace AgentOps.Core.PostMortem;

/// <summary>Writes incident documents (post-mortems, runbooks) under the configured folder.</summary>
public interface IIncidentDocumentWriter
{
    /// <summary>Writes <paramref name="content"/> at <paramref name="relativePath"/> (e.g. <c>docs/incidents/INC-2026-0001.md</c>), replacing any previous version.</summary>
    /// <returns>The full path written.</returns>
    /// <exception cref="IOException">The file could not be written.</exception>
    Task<string> WriteAsync(string relativePath, string content, CancellationToken cancellationToken = default);
}
