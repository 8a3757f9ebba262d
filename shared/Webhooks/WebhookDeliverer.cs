using System.Diagnostics.Metrics;
using System.Text;
using CoP.Shared.DomainEvents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Webhooks;

/// <summary>What one attempt of a delivery did.</summary>
public abstract record WebhookAttemptResult
{
    private WebhookAttemptResult()
    {
    }

    /// <summary>The receiver answered 2xx.</summary>
    public sealed record Succeeded(int Status) : WebhookAttemptResult;

    /// <summary>The attempt failed; the next one is queued after <paramref name="Delay"/>.</summary>
    public sealed record Retrying(TimeSpan Delay) : WebhookAttemptResult;

    /// <summary>The last attempt of the schedule failed (or the webhook is disabled): the delivery has failed.</summary>
    public sealed record Failed : WebhookAttemptResult;

    /// <summary>An earlier claim of this attempt may still be under way: looked at again after <paramref name="Delay"/>.</summary>
    public sealed record Deferred(TimeSpan Delay) : WebhookAttemptResult;

    /// <summary>Nothing to send: the attempt was made before, a redelivery superseded it, or the webhook is gone.</summary>
    public sealed record Skipped : WebhookAttemptResult;
}

/// <summary>
/// Makes one attempt of a webhook delivery (a <c>webhook-deliveries</c> message): POSTs the event's envelope
/// <c>{"type","timestamp","data"}</c>, signed by the webhook's secrets (<see cref="WebhookSigner"/>), and records the
/// answer. The delivery's row says which attempt is due: each attempt is claimed (a conditional write) before it is
/// sent, so a duplicate message, or two at once, sends it once; a delivery that succeeded is never sent again by a
/// message. A failure (not 2xx, no answer in time, no connection) queues the next attempt by the retry schedule; after
/// the last, the delivery has failed and counts against the webhook, which is disabled after
/// <see cref="WebhookOptions.DisableAfterFailures"/> failed deliveries in a row (<see cref="WebhookHealth"/>). Storage
/// failures escape, so the host retries the message and finally moves it to <c>webhook-deliveries-poison</c>.
/// </summary>
public sealed partial class WebhookDeliverer
{
    /// <summary>The named HTTP client of deliveries (no redirects, no proxy, the target policy's connect).</summary>
    public const string HttpClientName = "webhooks";

    public const string MeterName = "CoP.Functions.Webhooks";

    /// <summary>Deliveries of one message before the host moves it to the poison queue (host.json <c>queues.maxDequeueCount</c>).</summary>
    public const int MaxDequeueCount = 5;

    private readonly WebhookStore _store;
    private readonly DomainEventStore _events;
    private readonly QueuedWebhookDeliveries _queue;
    private readonly WebhookHealth _health;
    private readonly IHttpClientFactory _http;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDeliverer> _logger;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _poisoned;

    public WebhookDeliverer(
        WebhookStore store,
        DomainEventStore events,
        QueuedWebhookDeliveries queue,
        WebhookHealth health,
        IHttpClientFactory http,
        IOptions<WebhookOptions> options,
        IMeterFactory meters,
        TimeProvider time,
        ILogger<WebhookDeliverer> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _store = store;
        _events = events;
        _queue = queue;
        _health = health;
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _attempts = meter.CreateCounter<long>("cop.webhooks.attempts", description: "Webhook delivery attempts, by outcome.");
        _poisoned = meter.CreateCounter<long>("cop.webhooks.poisoned", description: "Webhook delivery messages moved to the poison queue.");
    }

    /// <summary>How long a claimed attempt may still be under way: its request's timeout, and a minute's margin.</summary>
    public TimeSpan ClaimLifetime => _options.RequestTimeout + TimeSpan.FromMinutes(1);

    /// <summary>Makes the attempt of the queue message <paramref name="text"/>, the <paramref name="dequeueCount"/>-th time the host hands it over.</summary>
    public async Task<WebhookAttemptResult> DeliverAsync(string text, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var message = WebhookDeliveryMessage.Parse(text);
        try
        {
            return message is null
                ? throw new InvalidOperationException("The queue message is not a webhook delivery; it can never be delivered.")
                : await DeliverAsync(message, cancellationToken);
        }
        catch (Exception exception) when (dequeueCount >= MaxDequeueCount && NotePoisoned(exception, message))
        {
            throw; // Never reached: the filter notes the poisoning and lets the exception go on to the host.
        }
    }

    private async Task<WebhookAttemptResult> DeliverAsync(WebhookDeliveryMessage message, CancellationToken cancellationToken)
    {
        if (await _store.GetAsync(message.WebhookId, cancellationToken) is not { } webhook
            || await _store.GetDeliveryAsync(message.WebhookId, message.DeliveryId, cancellationToken) is not { } stored)
        {
            return Skipped(message, "the webhook or the delivery is gone");
        }

        var delivery = stored.Delivery;
        var now = _time.GetUtcNow();
        if (delivery.State != WebhookDeliveryState.Pending || message.Attempt < delivery.Attempts || message.Attempt > delivery.Attempts + 1)
        {
            return Skipped(message, "the attempt was made before or superseded");
        }

        if (message.Attempt == delivery.Attempts)
        {
            // Claimed before: answered (the next step was taken then), or under way, or its deliverer died.
            if (delivery.AnsweredAttempts >= delivery.Attempts)
            {
                return Skipped(message, "the attempt was answered before");
            }

            if (delivery.LastAttemptAt is { } started && now - started < ClaimLifetime)
            {
                var wait = ClaimLifetime - (now - started);
                await _queue.EnqueueAsync(message, wait, cancellationToken);
                return new WebhookAttemptResult.Deferred(wait);
            }
        }

        if (webhook.Webhook.State == WebhookState.Disabled && !(delivery.Redelivered && delivery.SeriesStartedAt >= webhook.Webhook.DisabledAt))
        {
            var notSent = delivery with { State = WebhookDeliveryState.Failed, NextAttemptAt = null, LastError = "The webhook is disabled: redeliver it once the receiver is back." };
            await _store.TryReplaceDeliveryAsync(notSent, stored.Version, cancellationToken);
            LogNotSentDisabled(_logger, message.WebhookId, message.DeliveryId);
            return new WebhookAttemptResult.Failed();
        }

        var claim = delivery with { Attempts = message.Attempt, LastAttemptAt = now, NextAttemptAt = null };
        if (await _store.TryReplaceDeliveryAsync(claim, stored.Version, cancellationToken) is not { } claimVersion)
        {
            return Skipped(message, "another delivery of the same attempt claimed it");
        }

        if (await _events.GetAsync(delivery.EventId, cancellationToken) is not { } domainEvent)
        {
            throw new InvalidOperationException($"Event {delivery.EventId} of delivery {delivery.DeliveryId} is not in the DomainEvents table.");
        }

        var answer = await SendAsync(webhook, domainEvent, now, cancellationToken);
        return answer.Succeeded
            ? await SucceedAsync(webhook.Webhook, claim, claimVersion, answer, cancellationToken)
            : await FailAsync(webhook.Webhook, claim, claimVersion, answer, cancellationToken);
    }

    private async Task<AttemptAnswer> SendAsync(StoredWebhook webhook, DomainEvent domainEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = WebhookEnvelope.Serialize(domainEvent);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in WebhookSigner.Headers(domainEvent.EventId, now, body, webhook.Keys.At(now)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var snippet = await SnippetAsync(response, timeout.Token, cancellationToken);
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null)
                : null;
            return new AttemptAnswer((int)response.StatusCode, response.IsSuccessStatusCode, snippet, response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode}.", retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptAnswer(null, false, null, $"No answer within {_options.RequestTimeout}.", null);
        }
        catch (HttpRequestException exception)
        {
            // The error's kind only: its message names the host and port, and the URL may hold a token.
            var why = exception.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "The host name could not be resolved.",
                HttpRequestError.ConnectionError when exception.InnerException is HttpRequestException { Message: WebhookTargetPolicy.RefusedTarget or WebhookTargetPolicy.RefusedPort } inner => inner.Message,
                HttpRequestError.ConnectionError => "The connection could not be made.",
                HttpRequestError.SecureConnectionError => "The TLS handshake failed.",
                _ => $"The request failed ({exception.HttpRequestError}).",
            };
            return new AttemptAnswer(null, false, null, why, null);
        }
    }

    /// <summary>The answer's first characters; any failure reading them, the timeout too, leaves none (the status decides).</summary>
    private static async Task<string?> SnippetAsync(HttpResponseMessage response, CancellationToken timeout, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout);
            var buffer = new byte[WebhookDelivery.MaxSnippetLength * 4];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, timeout);
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            return text.Length == 0 ? null : text[..Math.Min(text.Length, WebhookDelivery.MaxSnippetLength)];
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<WebhookAttemptResult> SucceedAsync(Webhook webhook, WebhookDelivery claim, string claimVersion, AttemptAnswer answer, CancellationToken cancellationToken)
    {
        var done = claim with
        {
            State = WebhookDeliveryState.Succeeded, AnsweredAttempts = claim.Attempts, LastStatus = answer.Status, LastError = null, ResponseSnippet = answer.Snippet,
        };

        // Unconditional in effect: if a redelivery began meanwhile, its attempt finds the delivery succeeded only if this wrote first.
        await _store.TryReplaceDeliveryAsync(done, claimVersion, CancellationToken.None);
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", "succeeded"));
        LogSucceeded(_logger, webhook.WebhookId, claim.DeliveryId, claim.Attempts, answer.Status ?? 0);
        await _health.RecordSuccessAsync(webhook.WebhookId, claim.LastAttemptAt ?? DateTimeOffset.MinValue, CancellationToken.None);
        return new WebhookAttemptResult.Succeeded(answer.Status ?? 0);
    }

    private async Task<WebhookAttemptResult> FailAsync(Webhook webhook, WebhookDelivery claim, string claimVersion, AttemptAnswer answer, CancellationToken cancellationToken)
    {
        var delays = _options.RetryDelays;
        var index = claim.Attempts - claim.SeriesStart;
        var answered = claim with { AnsweredAttempts = claim.Attempts, LastStatus = answer.Status, LastError = answer.Error, ResponseSnippet = answer.Snippet };
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        if (index < delays.Count)
        {
            var delay = answer.RetryAfter is { } asked && asked > delays[index] ? Min(asked, WebhookOptions.MaxRetryDelay) : delays[index];

            // The next attempt is queued before the answer is recorded: a record that fails leaves this message to be
            // retried, never a delivery with nothing queued.
            await _queue.EnqueueAsync(new WebhookDeliveryMessage(claim.WebhookId, claim.DeliveryId, claim.Attempts + 1), delay, cancellationToken);
            await _store.TryReplaceDeliveryAsync(answered with { NextAttemptAt = _time.GetUtcNow() + delay }, claimVersion, cancellationToken);
            LogRetrying(_logger, webhook.WebhookId, claim.DeliveryId, claim.Attempts, answer.Status ?? 0, delay);
            return new WebhookAttemptResult.Retrying(delay);
        }

        if (await _store.TryReplaceDeliveryAsync(answered with { State = WebhookDeliveryState.Failed }, claimVersion, cancellationToken) is not null)
        {
            LogFailed(_logger, webhook.WebhookId, claim.DeliveryId, claim.Attempts, answer.Status ?? 0);
            await _health.RecordFailureAsync(webhook.WebhookId, answer.Status, CancellationToken.None);
        }

        return new WebhookAttemptResult.Failed();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private WebhookAttemptResult.Skipped Skipped(WebhookDeliveryMessage message, string why)
    {
        LogSkipped(_logger, message.WebhookId, message.DeliveryId, message.Attempt, why);
        return new WebhookAttemptResult.Skipped();
    }

    private bool NotePoisoned(Exception exception, WebhookDeliveryMessage? message)
    {
        _poisoned.Add(1);
        LogPoisoned(_logger, exception, message?.WebhookId ?? "(unreadable)", message?.DeliveryId ?? "(unreadable)", MaxDequeueCount);
        return false;
    }

    private sealed record AttemptAnswer(int? Status, bool Succeeded, string? Snippet, string? Error, TimeSpan? RetryAfter);

    [LoggerMessage(EventId = 13064, Level = LogLevel.Information, Message = "Delivery {DeliveryId} of webhook {WebhookId} succeeded on attempt {Attempt} ({Status})")]
    private static partial void LogSucceeded(ILogger logger, string webhookId, string deliveryId, int attempt, int status);

    [LoggerMessage(EventId = 13065, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} of webhook {WebhookId} failed attempt {Attempt} ({Status}); the next attempt follows in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string webhookId, string deliveryId, int attempt, int status, TimeSpan delay);

    [LoggerMessage(EventId = 13066, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} of webhook {WebhookId} failed its last attempt {Attempt} ({Status})")]
    private static partial void LogFailed(ILogger logger, string webhookId, string deliveryId, int attempt, int status);

    [LoggerMessage(EventId = 13067, Level = LogLevel.Information, Message = "Attempt {Attempt} of delivery {DeliveryId} of webhook {WebhookId} sends nothing: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string webhookId, string deliveryId, int attempt, string reason);

    [LoggerMessage(EventId = 13068, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} of webhook {WebhookId} was not sent: the webhook is disabled")]
    private static partial void LogNotSentDisabled(ILogger logger, string webhookId, string deliveryId);

    [LoggerMessage(EventId = 13069, Level = LogLevel.Error, Message = "Delivery {DeliveryId} of webhook {WebhookId} failed its last queue delivery ({MaxDequeueCount} in all) and goes to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, Exception exception, string webhookId, string deliveryId, int maxDequeueCount);
}
