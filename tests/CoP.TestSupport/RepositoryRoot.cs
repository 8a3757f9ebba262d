namespace CoP.TestSupport;

/// <summary>Finds the repository checkout from wherever a test or benchmark binary runs.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CoP.Functions.sln")) && File.Exists(Path.Combine(directory.FullName, "package.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (CoP.Functions.sln beside package.json) above {AppContext.BaseDirectory}.");
    }
}
