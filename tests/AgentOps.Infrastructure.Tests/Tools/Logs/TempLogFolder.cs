namespace AgentOps.Infrastructure.Tests.Tools.Logs;

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempLogFolder : IDisposable
{
    public TempLogFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agentops-logs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
