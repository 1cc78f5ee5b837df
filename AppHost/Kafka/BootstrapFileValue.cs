namespace TweetPlatform.AppHost.Kafka;

/// <summary>
/// The embedded broker's bootstrap address, read from the file it writes once it listens (its port is
/// chosen by the kernel). A value provider rather than a resource of its own: DCP resolves a resource's
/// connection string before it starts that resource's process, so the broker cannot be its own.
/// </summary>
internal sealed class BootstrapFileValue(string path) : IValueProvider, IManifestExpressionProvider
{
    public string Path { get; } = path;

    // Never written to a manifest: publish mode has no embedded broker.
    public string ValueExpression => "{kafka-broker.bootstrap}";

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (File.Exists(Path) && (await File.ReadAllTextAsync(Path, cancellationToken)).Trim() is { Length: > 0 } bootstrap)
            {
                return bootstrap;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
