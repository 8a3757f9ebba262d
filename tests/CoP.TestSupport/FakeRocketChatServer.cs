using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoP.TestSupport;

/// <summary>How the fake Rocket.Chat answers one post.</summary>
public enum FakeRocketChatMode
{
    /// <summary>200 <c>{"success":true}</c>: posted.</summary>
    Success,

    /// <summary>500 with an error body: not posted.</summary>
    ServerError,

    /// <summary>429 with <c>Retry-After</c>: not posted.</summary>
    TooManyRequests,

    /// <summary>200 <c>{"success":false}</c>: not posted (Rocket.Chat's answer to a body it could not use).</summary>
    SuccessFalse,

    /// <summary>200 with an HTML page (a proxy's login page): not posted.</summary>
    Html,

    /// <summary>Never answers until the server is disposed or the client gives up: posted (the fake counts it as in the channel).</summary>
    Hang,

    /// <summary>Posts, starts the 200 answer, then cuts the connection: posted, and the client cannot know.</summary>
    AnswerThenFail,
}

/// <summary>
/// A stand-in for a Rocket.Chat incoming webhook (<c>POST /hooks/{id}/{token}</c>) on a free loopback port (Kestrel). It
/// records every request (path, headers, raw body) and answers by the mode queued for the next request, else by
/// <see cref="DefaultMode"/>. <see cref="Posted"/> lists what would be in the channels: requests answered with success,
/// and those hung or cut after being taken. Thread-safe.
/// </summary>
public sealed class FakeRocketChatServer : IAsyncDisposable
{
    /// <summary>The hook's path: the token in it is what tests look for in logs.</summary>
    public const string HookPath = "/hooks/6650f0c1fake/Secr3tT0kenInTheHookUrl";

    private readonly Lock _gate = new();
    private readonly List<RecordedChatRequest> _requests = [];
    private readonly Queue<FakeRocketChatMode> _queued = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    private FakeRocketChatServer()
    {
    }

    /// <summary>The whole hook URL, token included: <c>Chat__HookUrl</c>.</summary>
    public string HookUrl { get; private set; } = "";

    /// <summary>How requests are answered when nothing is queued.</summary>
    public FakeRocketChatMode DefaultMode { get; set; } = FakeRocketChatMode.Success;

    /// <summary>The Retry-After of <see cref="FakeRocketChatMode.TooManyRequests"/>, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 7;

    public IReadOnlyList<RecordedChatRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests that are (or may be) in a channel now.</summary>
    public IReadOnlyList<RecordedChatRequest> Posted => [.. Requests.Where(r => r.Mode is FakeRocketChatMode.Success or FakeRocketChatMode.Hang or FakeRocketChatMode.AnswerThenFail)];

    public static async Task<FakeRocketChatServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeRocketChatServer();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hooks/{id}/{token}", server.HandleAsync);
        server._app = app;
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.HookUrl = address.TrimEnd('/') + HookPath;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="mode"/> (after earlier queued ones).</summary>
    public void Enqueue(FakeRocketChatMode mode, int count = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _queued.Enqueue(mode);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        FakeRocketChatMode mode;
        lock (_gate)
        {
            mode = _queued.Count > 0 ? _queued.Dequeue() : DefaultMode;
            _requests.Add(new RecordedChatRequest(
                _requests.Count + 1,
                context.Request.Path.Value ?? "",
                context.Request.ContentType,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                mode));
        }

        switch (mode)
        {
            case FakeRocketChatMode.Success:
                await AnswerAsync(context, 200, "application/json", """{"success":true}""");
                break;
            case FakeRocketChatMode.ServerError:
                await AnswerAsync(context, 500, "application/json", """{"success":false,"error":"Internal server error"}""");
                break;
            case FakeRocketChatMode.TooManyRequests:
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await AnswerAsync(context, 429, "application/json", """{"success":false,"error":"Too many requests"}""");
                break;
            case FakeRocketChatMode.SuccessFalse:
                await AnswerAsync(context, 200, "application/json", """{"success":false,"error":"error-invalid-channel"}""");
                break;
            case FakeRocketChatMode.Html:
                await AnswerAsync(context, 200, "text/html", "<html><body>Sign in</body></html>");
                break;
            case FakeRocketChatMode.Hang:
                using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    await Task.Delay(Timeout.Infinite, waiting.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                break;
            case FakeRocketChatMode.AnswerThenFail:
                // Headers and half a body, then the connection is cut: the client has no complete answer.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 100;
                await context.Response.WriteAsync("""{"succ""", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                break;
            default:
                throw new InvalidOperationException($"Unknown mode {mode}.");
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>One post as the fake received it, and how it answered.</summary>
public sealed record RecordedChatRequest(
    int Number,
    string Path,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    FakeRocketChatMode Mode)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string? Channel => Json.TryGetProperty("channel", out var channel) ? channel.GetString() : null;
}
