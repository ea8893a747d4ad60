using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>Listens to the platform meter of one host (the meter its own <see cref="IMeterFactory"/> made).</summary>
public sealed class PlatformMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, long Value, Dictionary<string, object?> Tags)> _seen = new();

    public PlatformMeter(AcademyFactory factory)
    {
        var scope = factory.Services.GetRequiredService<IMeterFactory>();
        factory.Services.GetRequiredService<AcademyMetrics>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AcademyMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags) map[tag.Key] = tag.Value;
            _seen.Enqueue((instrument.Name, value, map));
        });
        _listener.Start();
    }

    public long Total(string name) => _seen.Where(m => m.Name == name).Sum(m => m.Value);

    public IEnumerable<object?> Tags(string name, string tag) => _seen.Where(m => m.Name == name).Select(m => m.Tags.GetValueOrDefault(tag));

    /// <summary>Collects the observable instruments now and returns what this collection measured.</summary>
    public List<(long Value, Dictionary<string, object?> Tags)> Observe(string name)
    {
        _seen.Clear();
        _listener.RecordObservableInstruments();
        return [.. _seen.Where(m => m.Name == name).Select(m => (m.Value, m.Tags))];
    }

    public void Dispose() => _listener.Dispose();
}
