namespace TweetPlatform.Hosting;

/// <summary>Finds the repository and the build output of each project (artifacts/bin/&lt;project&gt;/&lt;config&gt;/).</summary>
public static class RepositoryLayout
{
#if DEBUG
    private const string Configuration = "debug";
#else
    private const string Configuration = "release";
#endif

    public static string Root { get; } = FindRoot();

    public static string ProjectDll(string projectName)
    {
        var path = Path.Combine(Root, "artifacts", "bin", projectName, Configuration, projectName + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{projectName} is not built ({path}). Build with: dotnet build TweetPlatform.CI.slnf");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TweetPlatform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No TweetPlatform.sln above {AppContext.BaseDirectory}.");
    }
}
