using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TweetPlatform.UnitTests.PushGateway;

/// <summary>An <see cref="IMeterFactory"/> whose meters only this test can see, with a recorder for counters.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly ConcurrentBag<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _values = new();

    public TestMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            _values.GetOrAdd(instrument.Name, _ => new ConcurrentQueue<double>()).Enqueue(value));
        _listener.Start();
    }

    public long Total(string instrumentName) => _totals.GetValueOrDefault(instrumentName);

    /// <summary>Every value recorded by a floating-point instrument (e.g. a histogram), in order.</summary>
    public IReadOnlyList<double> Values(string instrumentName) => [.. _values.GetValueOrDefault(instrumentName) ?? []];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
