using System.Text.Json.Nodes;
using TweetPlatform.Contracts;
using TweetPlatform.EventBus.Schemas;

// Usage: dotnet run --project tools/SchemaExport   (from anywhere in the repository)
var root = RepositoryRoot();
var folder = Path.Combine(root, EventSchemas.Folder);
Directory.CreateDirectory(folder);
var refused = 0;
foreach (var registration in EventSchemas.Contracts(IntegrationEvents.Registry))
{
    var path = Path.Combine(folder, EventSchemas.FileName(registration));
    var current = EventSchemas.Export(registration);
    if (File.Exists(path))
    {
        var problems = SchemaCompatibility.Problems(JsonNode.Parse(File.ReadAllText(path))!, current);
        if (problems.Count > 0)
        {
            refused++;
            Console.Error.WriteLine($"{registration.EventType}: not written, the change is backward-incompatible:");
            problems.ToList().ForEach(problem => Console.Error.WriteLine($"  {problem}"));
            Console.Error.WriteLine("  Publish it as a new major version instead: a new event type and topic (e.g. .v2).");
            continue;
        }
    }
    var text = EventSchemas.ToFileText(current);
    if (!File.Exists(path) || File.ReadAllText(path) != text)
    {
        File.WriteAllText(path, text);
        Console.WriteLine($"wrote {Path.GetRelativePath(root, path)}");
    }
}
var types = Path.Combine(root, TweetPlatform.SchemaExport.TypeScriptContracts.File);
var generated = TweetPlatform.SchemaExport.TypeScriptContracts.Generate(EventSchemas.Contracts(IntegrationEvents.Registry).Select(EventSchemas.Export).ToList());
if (!File.Exists(types) || File.ReadAllText(types) != generated)
{
    File.WriteAllText(types, generated);
    Console.WriteLine($"wrote {TweetPlatform.SchemaExport.TypeScriptContracts.File}");
}
return refused == 0 ? 0 : 1;

static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TweetPlatform.sln")))
            {
                return directory.FullName;
            }
        }
    }
    throw new InvalidOperationException("Run it inside the repository: no TweetPlatform.sln above the current folder.");
}
