using System.Diagnostics;
using System.Globalization;
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

/// <summary>
/// A stand-in for SendGrid's <c>POST /v3/mail/send</c> on a free loopback port (Kestrel). It records every request
/// (headers, raw body, parsed JSON, arrival time) and answers 202 with an <c>X-Message-Id</c>, unless told
/// otherwise: queued answers for the next requests first, then a script keyed by the request number. Error
/// answers echo the request body, as a real API may, so that tests can prove no error body reaches the logs.
/// Thread-safe.
/// </summary>
public sealed class FakeSendGridServer : IAsyncDisposable
{
    public const string MailSendPath = "/v3/mail/send";

    private readonly Lock _gate = new();
    private readonly List<RecordedSendGridRequest> _requests = [];
    private readonly Queue<FakeSendGridResponse> _queued = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly bool _recordSummaries;
    private Func<int, FakeSendGridResponse?>? _script;
    private WebApplication? _app;

    private FakeSendGridServer(bool recordSummaries)
    {
        _recordSummaries = recordSummaries;
    }

    /// <summary>Where to point <c>Email__SendGridHost</c>, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A snapshot of the requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedSendGridRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// Starts the fake. With <paramref name="recordSummaries"/> it keeps of each request only its categories,
    /// custom args and each personalization's custom args (as <see cref="RecordedSendGridRequest.Json"/>, with an
    /// empty body): a benchmark of 50,000 recipients then measures the app, not megabytes of recorded mail.
    /// </summary>
    public static async Task<FakeSendGridServer> StartAsync(bool recordSummaries, CancellationToken cancellationToken = default)
    {
        return await StartCoreAsync(recordSummaries, cancellationToken);
    }

    /// <summary>Starts the fake, recording every request whole.</summary>
    public static Task<FakeSendGridServer> StartAsync(CancellationToken cancellationToken = default) => StartCoreAsync(recordSummaries: false, cancellationToken);

    private static async Task<FakeSendGridServer> StartCoreAsync(bool recordSummaries, CancellationToken cancellationToken)
    {
        var server = new FakeSendGridServer(recordSummaries);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,

            // Many short-lived servers in one test run: no configuration file watchers.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost(MailSendPath, server.HandleAsync);
        server._app = app;
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.BaseAddress = new Uri(address);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="response"/> (after earlier queued ones).</summary>
    public void Enqueue(FakeSendGridResponse response, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _queued.Enqueue(response);
            }
        }
    }

    /// <summary>
    /// Answers by request number (1 for the first request the server received) once the queue is empty;
    /// null from the script means the default 202.
    /// </summary>
    public void RespondBy(Func<int, FakeSendGridResponse?> script)
    {
        lock (_gate)
        {
            _script = script;
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
        int number;
        FakeSendGridResponse answer;
        lock (_gate)
        {
            number = _requests.Count + 1;
            answer = _queued.Count > 0 ? _queued.Dequeue() : _script?.Invoke(number) ?? FakeSendGridResponse.Accepted;
            _requests.Add(new RecordedSendGridRequest(
                number,
                Stopwatch.GetElapsedTime(_startedAt),
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                _recordSummaries ? "" : body,
                _recordSummaries ? Summarize(body) : TryParse(body),
                answer.StatusCode));
        }

        if (answer.Delay > TimeSpan.Zero)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(answer.Delay, waiting.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its attempt timed out) or the server is stopping: nobody reads an answer.
                return;
            }
        }

        context.Response.StatusCode = answer.StatusCode;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (answer.StatusCode is >= 200 and < 300)
        {
            context.Response.Headers["X-Message-Id"] = $"fake-message-{number}";
            return;
        }

        context.Response.ContentType = "application/json";
        var error = JsonSerializer.Serialize(new { errors = new[] { new { message = $"fake answer {answer.StatusCode}", field = (string?)null, help = body } } });
        await context.Response.WriteAsync(error, context.RequestAborted);
    }

    /// <summary>The request's ids only: categories, custom args, and per personalization its custom args.</summary>
    private static JsonElement? Summarize(string body)
    {
        if (TryParse(body) is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in new[] { "categories", "custom_args" })
            {
                if (json.TryGetProperty(name, out var value))
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            writer.WriteStartArray("personalizations");
            foreach (var personalization in json.TryGetProperty("personalizations", out var all) ? all.EnumerateArray() : default)
            {
                writer.WriteStartObject();
                if (personalization.TryGetProperty("custom_args", out var args))
                {
                    writer.WritePropertyName("custom_args");
                    args.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var summary = JsonDocument.Parse(buffer.WrittenMemory);
        return summary.RootElement.Clone();
    }

    private static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>How the fake answers one request.</summary>
public sealed record FakeSendGridResponse(int StatusCode, TimeSpan? RetryAfter = null, TimeSpan Delay = default)
{
    public static FakeSendGridResponse Accepted { get; } = new(StatusCodes.Status202Accepted);

    public static FakeSendGridResponse BadRequest { get; } = new(StatusCodes.Status400BadRequest);

    public static FakeSendGridResponse ServerError { get; } = new(StatusCodes.Status500InternalServerError);

    public static FakeSendGridResponse ServiceUnavailable { get; } = new(StatusCodes.Status503ServiceUnavailable);

    public static FakeSendGridResponse TooManyRequests(int retryAfterSeconds = 1) =>
        new(StatusCodes.Status429TooManyRequests, TimeSpan.FromSeconds(retryAfterSeconds));

    /// <summary>Accepts, but only after <paramref name="delay"/>: longer than the client's attempt timeout, it is a timeout.</summary>
    public static FakeSendGridResponse Hang(TimeSpan delay) => new(StatusCodes.Status202Accepted, Delay: delay);
}

/// <summary>One request as the fake received it; <see cref="ReceivedAfter"/> is measured from the server's start.</summary>
public sealed record RecordedSendGridRequest(
    int Number,
    TimeSpan ReceivedAfter,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    JsonElement? Json,
    int AnsweredStatus)
{
    /// <summary>
    /// True when the fake took the request as SendGrid takes an accepted one: it answered 2xx, or would have
    /// (a delayed answer counts even when the client gave up waiting, as SendGrid still sends the mail).
    /// </summary>
    public bool Accepted => AnsweredStatus is >= 200 and < 300;

    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;
}
