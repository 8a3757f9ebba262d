using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CoP.Tests.Http;

/// <summary>
/// The response feature of a test request with what Kestrel's has and the default one lacks: the callbacks registered
/// with <c>OnStarting</c>, run last-registered first when the response starts.
/// </summary>
internal sealed class StartingResponseFeature : HttpResponseFeature
{
    private readonly Stack<(Func<object, Task> Callback, object State)> _starting = new();
    private bool _started;

    public override bool HasStarted => _started;

    /// <summary>Replaces the response feature of a request nothing has answered yet.</summary>
    public static StartingResponseFeature Install(HttpContext context)
    {
        var feature = new StartingResponseFeature();
        context.Features.Set<IHttpResponseFeature>(feature);
        return feature;
    }

    public override void OnStarting(Func<object, Task> callback, object state) => _starting.Push((callback, state));

    /// <summary>What Kestrel does before it sends the status line and headers.</summary>
    public async Task StartAsync()
    {
        while (_starting.TryPop(out var starting))
        {
            await starting.Callback(starting.State);
        }

        _started = true;
    }
}
