using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Chat;

/// <summary>What Rocket.Chat answered to one post.</summary>
public abstract record HookAnswer
{
    private HookAnswer()
    {
    }

    /// <summary>200 with <c>{"success":true}</c>: the message is in the channel.</summary>
    public sealed record Confirmed(int Status, string Body) : HookAnswer;

    /// <summary>
    /// An answer that is not a confirmation (an error status, a 200 with <c>success:false</c> or no JSON, a redirect):
    /// nothing was posted. <paramref name="RetryAfter"/>: the wait a 429 or 503 asked for.
    /// </summary>
    public sealed record Refused(int Status, string Body, TimeSpan? RetryAfter) : HookAnswer;

    /// <summary>No connection could be made (refused, no such host, TLS failed, or none of these done in time): nothing was posted.</summary>
    public sealed record Unreachable(string Reason) : HookAnswer;

    /// <summary>The post's body began to go out and no full answer came back (a timeout, a connection cut): it may be in the channel.</summary>
    public sealed record Unanswered(string Reason) : HookAnswer;
}

/// <summary>
/// Posts to the Rocket.Chat incoming webhook (<see cref="ChatOptions.HookUrl"/>): raw JSON with <c>Content-Type:
/// application/json</c> (recent Rocket.Chat refuses the old <c>payload=</c> form, and posts an empty message for a body
/// without the content type), one attempt per call, no redirects followed; retries belong to the caller, who knows
/// whether an attempt may already have posted. The named HTTP client logs nothing: its default request logs would
/// write the hook URL, token included.
/// </summary>
public sealed class RocketChatHook(IHttpClientFactory httpClients, IOptions<ChatOptions> options, TimeProvider time)
{
    /// <summary>The name of the <see cref="HttpClient"/> that talks to Rocket.Chat.</summary>
    public const string HttpClientName = "RocketChat";

    /// <summary>How much of an answer is read: Rocket.Chat's are tens of bytes.</summary>
    public const int MaxAnswerBytes = 16 * 1024;

    /// <summary>Posts <paramref name="json"/>. Throws only when <paramref name="cancellationToken"/> is cancelled, or without a hook URL.</summary>
    public async Task<HookAnswer> PostAsync(string json, CancellationToken cancellationToken = default)
    {
        var hook = options.Value.Hook ?? throw new InvalidOperationException("Chat__HookUrl is not set: nothing can be posted.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        using var content = TrackedJsonContent.Create(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var client = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadBoundedAsync(response.Content, timeout.Token);
            var status = (int)response.StatusCode;
            return response.StatusCode == HttpStatusCode.OK && IsSuccess(body)
                ? new HookAnswer.Confirmed(status, body)
                : new HookAnswer.Refused(status, body, RetryAfter(response));
        }
        catch (Exception exception) when (!content.Started && exception is (HttpRequestException or IOException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            // The body never began to leave: the connection, the name lookup or the TLS handshake did not get that far.
            return new HookAnswer.Unreachable(exception is HttpRequestException { HttpRequestError: var error } ? error.ToString() : "not connected in time");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HookAnswer.Unanswered($"no answer within {options.Value.RequestTimeout}");
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return new HookAnswer.Unreachable(exception.HttpRequestError.ToString());
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return new HookAnswer.Unanswered(exception is HttpRequestException { HttpRequestError: var error } ? error.ToString() : "the answer was cut off");
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static bool IsSuccess(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("success", out var success)
                && success.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
