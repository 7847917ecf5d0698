namespace MmsGateway.Testing;

/// <summary>The checkout the tests run from: the directory above the test binaries that holds MmsConsole.sln.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "MmsConsole.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MmsConsole.sln not found above " + AppContext.BaseDirectory);
    }
}
