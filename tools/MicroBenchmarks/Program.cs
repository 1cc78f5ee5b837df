using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Micro-benchmarks of the per-event code paths: webhook parsing and validation (ingest), event
// serialisation (contracts), SSE frame encoding (push gateway) and window aggregation (analytics).
//
//   dotnet run -c Release --project tools/MicroBenchmarks -- --filter '*'               all, default job
//   dotnet run -c Release --project tools/MicroBenchmarks -- --filter '*' --job short   quick look
//   dotnet run -c Release --project tools/MicroBenchmarks -- --filter '*Analytics*' --job short
//   dotnet run -c Release --project tools/MicroBenchmarks -- --list flat
//
// Reports go to artifacts/benchmarks/micro/results (git-ignored) unless --artifacts says otherwise.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(RepositoryRoot(), "artifacts", "benchmarks", "micro"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(TweetPlatform.MicroBenchmarks.IngestBenchmarks).Assembly).Run(args, config).ToList();
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
        {
            return directory.FullName;
        }
    }
    return Directory.GetCurrentDirectory();
}
