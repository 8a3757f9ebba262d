using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace CoP.TestSupport;

/// <summary>How the receiver answers one request.</summary>
/// <param name="StatusCode">The status it answers.</param>
/// <param name="Body">The body it answers.</param>
/// <param name="Hang">Never answer (until the client gives up or the server stops); with a status, answer it and
/// <paramref name="Body"/> as the start of a body that never finishes.</param>
/// <param name="Location">A <c>Location</c> header (a redirect the client must not follow).</param>
public sealed record WebhookReceiverAnswer(int StatusCode, string Body = "", bool Hang = false, string? Location = null)
{
    public static WebhookReceiverAnswer Ok { get; } = new(200, "{\"ok\":true}");

    public static WebhookReceiverAnswer ServerError { get; } = new(500, "<html>oops</html>");

    public static WebhookReceiverAnswer Hangs { get; } = new(0, Hang: true);
}

/// <summary>A request the receiver got: its number, path, headers and raw body.</summary>
public sealed record RecordedWebhookRequest(int Number, TimeSpan ReceivedAfter, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A webhook receiver on a free loopback port (Kestrel): records every request and answers by a script (200 unless
/// told otherwise; any status, a redirect, or a hang). Signatures are verified with an implementation of Standard
/// Webhooks that is not the app's (the <c>StandardWebhooks</c> package), with whichever secret a test holds. Thread-safe.
/// </summary>
public sealed class WebhookReceiverServer : IAsyncDisposable
{
    public const string HookPath = "/hooks/community";

    private readonly Lock _gate = new();
    private readonly List<RecordedWebhookRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private Func<int, WebhookReceiverAnswer> _script = _ => WebhookReceiverAnswer.Ok;
    private WebApplication? _app;

    private WebhookReceiverServer()
    {
    }

    /// <summary>The URL to create a webhook with, e.g. http://127.0.0.1:41234/hooks/community?token=abc.</summary>
    public Uri HookUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedWebhookRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<WebhookReceiverServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new WebhookReceiverServer();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(server.HandleAsync);
        server._app = app;
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.HookUrl = new Uri(new Uri(address), HookPath + "?token=receiver-token-123");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Answers by request number (1 for the first).</summary>
    public void RespondBy(Func<int, WebhookReceiverAnswer> script)
    {
        lock (_gate)
        {
            _script = script;
        }
    }

    /// <summary>
    /// Whether <paramref name="request"/> carries a valid signature by <paramref name="secret"/>, by the independent
    /// implementation. The specification lets a header carry several signatures (a rotation), any of which verifies;
    /// <c>StandardWebhooks</c> 1.1.2 compares only the first, so it is handed each in turn.
    /// </summary>
    public static bool Verifies(RecordedWebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signatures = request.Headers.TryGetValue("webhook-signature", out var header) ? header.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [""];
        return signatures.Any(signature => VerifiesOne(request, secret, signature));
    }

    private static bool VerifiesOne(RecordedWebhookRequest request, string secret, string signature)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = value;
        }

        headers["webhook-signature"] = signature;
        try
        {
            new StandardWebhook(secret).Verify(request.Body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
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
        WebhookReceiverAnswer answer;
        lock (_gate)
        {
            var number = _requests.Count + 1;
            answer = _script(number);
            _requests.Add(new RecordedWebhookRequest(
                number,
                Stopwatch.GetElapsedTime(_startedAt),
                context.Request.Method,
                context.Request.Path.Value + context.Request.QueryString.Value,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
        }

        if (answer.Hang && answer.StatusCode != 0)
        {
            context.Response.StatusCode = answer.StatusCode;
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        if (answer.Hang)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, waiting.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.StatusCode;
        if (answer.Location is not null)
        {
            context.Response.Headers.Location = answer.Location;
        }

        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }
}
