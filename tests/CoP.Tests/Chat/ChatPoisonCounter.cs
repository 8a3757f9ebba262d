using System.Diagnostics.Metrics;
using CoP.Shared.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Tests.Chat;

/// <summary>Listens to one app's <c>cop.chat.poisoned</c> counter, as a metrics exporter would (other apps' meters, running at once, are left out).</summary>
internal sealed class ChatPoisonCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public ChatPoisonCounter(TestApp app)
    {
        var scope = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CommunityMetrics.MeterName && instrument.Name == "cop.chat.poisoned" && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
