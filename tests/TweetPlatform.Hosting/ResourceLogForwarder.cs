using Microsoft.Extensions.Logging;

namespace TweetPlatform.Hosting;

/// <summary>
/// Hands every log line of the test host to one callback: Aspire.Hosting.Testing logs each resource's
/// console output under the category <c>{AppHost}.Resources.{resource}</c>, so this is where a service's
/// own lines arrive.
/// </summary>
internal sealed class ResourceLogForwarder(Action<string> output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Forwarder(categoryName, output);

    public void Dispose()
    {
    }

    private sealed class Forwarder(string category, Action<string> output) : ILogger
    {
        private readonly string _source = category.Contains(".Resources.", StringComparison.Ordinal)
            ? category[(category.LastIndexOf(".Resources.", StringComparison.Ordinal) + ".Resources.".Length)..]
            : category;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            output($"[{_source}] {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
    }
}
