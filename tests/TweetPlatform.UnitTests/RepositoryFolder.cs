namespace TweetPlatform.UnitTests;

/// <summary>The repository the tests were built from (the folder of TweetPlatform.sln above the test binaries).</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TweetPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No TweetPlatform.sln above {AppContext.BaseDirectory}.");
    }
}
