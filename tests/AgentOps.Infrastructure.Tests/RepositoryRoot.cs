namespace AgentOps.Infrastructure.Tests;

/// <summary>Finds the repository root (the folder of AgentOps.sln) from the test output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "AgentOps.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"AgentOps.sln not found above {AppContext.BaseDirectory}.");
    }
}
