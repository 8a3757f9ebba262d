using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Email.Queue;

/// <summary>What one delivery of a queued mail did.</summary>
public abstract record MailDeliveryResult
{
    private MailDeliveryResult()
    {
    }

    /// <summary>The provider accepted the mail.</summary>
    public sealed record Sent : MailDeliveryResult;

    /// <summary>There was nothing to send (an unknown address, an allowance used up): recorded, and done.</summary>
    public sealed record NothingToSend : MailDeliveryResult;

    /// <summary>This mail was delivered (or found to need nothing) before: a redelivery, nothing sent again.</summary>
    public sealed record Duplicate : MailDeliveryResult;

    /// <summary>Email cannot leave (no usable SendGrid key): the mail went back to the queue, untouched, for later.</summary>
    public sealed record Held : MailDeliveryResult;

    /// <summary>An earlier attempt may still be under way or may have been accepted: looked at again after <paramref name="Delay"/>.</summary>
    public sealed record Deferred(TimeSpan Delay) : MailDeliveryResult;

    /// <summary>Two sends of this mail got no answer: either may have been accepted, so it is not sent a third time.</summary>
    public sealed record Unanswered : MailDeliveryResult;
}

/// <summary>
/// Delivers one queued transactional mail exactly once. The ledger (<see cref="MailDeliveryStore"/>) is read first: a
/// mail already sent is never sent again, whichever retry or redelivery brings it back. The mail is then prepared (the
/// preparers decide the same for the same mail id, so deliveries of one mail at once decide alike), and claimed just
/// before the send (a conditional write, so that of deliveries at once only one sends); after the send the provider's
/// answer is recorded, and a definite refusal so that the retry sends at once. A send that got no answer (a timeout:
/// the provider may have accepted it) is looked at again once no attempt can still be under way, and only then sent
/// again, once: the one case in which a person can get a mail twice, rather than never. A second send without an answer
/// is not followed by a third. Failures escape, so that the host retries the message and finally moves it to the
/// poison queue; that last failure is logged as an error and counted.
/// </summary>
public sealed partial class MailDeliveryService
{
    /// <summary>How long held mail waits before it is looked at again.</summary>
    public static readonly TimeSpan HeldDelay = TimeSpan.FromMinutes(5);

    public const string MeterName = "CoP.Functions.Mail";

    private readonly Dictionary<string, IMailPreparer> _preparers;
    private readonly QueuedMail _queue;
    private readonly MailDeliveryStore _store;
    private readonly IEmailSender _sender;
    private readonly EmailOptions _email;
    private readonly TimeProvider _time;
    private readonly ILogger<MailDeliveryService> _logger;
    private readonly Counter<long> _poisoned;

    public MailDeliveryService(
        IEnumerable<IMailPreparer> preparers,
        QueuedMail queue,
        MailDeliveryStore store,
        IEmailSender sender,
        IOptions<EmailOptions> email,
        IMeterFactory meters,
        TimeProvider time,
        ILogger<MailDeliveryService> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _preparers = preparers.ToDictionary(p => p.Kind, StringComparer.Ordinal);
        _queue = queue;
        _store = store;
        _sender = sender;
        _email = email.Value;
        _time = time;
        _logger = logger;
        _poisoned = meters.Create(MeterName).CreateCounter<long>("cop.mail.poisoned", description: "Transactional mails moved to the poison queue after their last delivery failed.");
    }

    /// <summary>No attempt can still be under way after this: every retry and backoff of one send is over.</summary>
    public TimeSpan UnknownOutcomeWait => _email.TotalTimeout;

    /// <summary>Delivers the queue message <paramref name="text"/>, the <paramref name="dequeueCount"/>-th time the host hands it over.</summary>
    public async Task<MailDeliveryResult> DeliverAsync(string text, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var request = MailRequest.Parse(text);
        try
        {
            if (request is null)
            {
                throw new InvalidOperationException("The queue message is not a transactional mail request; it can never be delivered.");
            }

            return await DeliverAsync(request, cancellationToken);
        }
        catch (Exception exception) when (dequeueCount >= QueuedMail.MaxDequeueCount && NotePoisoned(exception, request))
        {
            throw; // Never reached: the filter notes the poisoning and lets the exception go on to the host.
        }
    }

    private async Task<MailDeliveryResult> DeliverAsync(MailRequest request, CancellationToken cancellationToken)
    {
        if (_email.NotReadyBecause is not null)
        {
            // Fail closed: the mail goes back to the queue, untouched, and waits for the key (health says why).
            await _queue.EnqueueAsync(request, HeldDelay, cancellationToken);
            LogHeld(_logger, request.MailId, request.Kind);
            return new MailDeliveryResult.Held();
        }

        var delivery = await _store.GetAsync(request.MailId, cancellationToken);
        switch (delivery?.DeliveryState)
        {
            case MailDeliveryState.Sent or MailDeliveryState.NothingToSend or MailDeliveryState.Unanswered:
                LogDuplicate(_logger, request.MailId, request.Kind);
                return new MailDeliveryResult.Duplicate();
            case MailDeliveryState.Sending when _time.GetUtcNow() - delivery.SendingSince < UnknownOutcomeWait:
                return await DeferAsync(request, UnknownOutcomeWait - (_time.GetUtcNow() - delivery.SendingSince!.Value), cancellationToken);
            case MailDeliveryState.Sending when delivery.UnansweredSends > 0:
                // A send without an answer was sent again, and that one got none either: a third could be a third copy.
                await _store.TryRecordAsync(delivery, request.MailId, request.Kind, MailDeliveryState.Unanswered, _time.GetUtcNow(), cancellationToken);
                LogUnanswered(_logger, request.MailId, request.Kind);
                return new MailDeliveryResult.Unanswered();
        }

        if (!_preparers.TryGetValue(request.Kind, out var preparer))
        {
            throw new InvalidOperationException($"No preparer for mail kind '{request.Kind}'.");
        }

        // Prepared before the claim, which comes just before the send, so that the wait for an unanswered send counts
        // from the send, however long the preparation took. A failure here escapes with nothing recorded and nothing sent.
        var message = await preparer.PrepareAsync(request, cancellationToken);
        if (message is null)
        {
            await _store.TryRecordAsync(delivery, request.MailId, request.Kind, MailDeliveryState.NothingToSend, _time.GetUtcNow(), cancellationToken);
            LogNothingToSend(_logger, request.MailId, request.Kind);
            return new MailDeliveryResult.NothingToSend();
        }

        // Of deliveries of one mail at once, only the claimant sends; the others look again once its send is over.
        if (await _store.TryRecordAsync(delivery, request.MailId, request.Kind, MailDeliveryState.Sending, _time.GetUtcNow(), cancellationToken) is not { } claimed)
        {
            return await DeferAsync(request, UnknownOutcomeWait, cancellationToken);
        }

        var args = new Dictionary<string, string>(message.CustomArgs, StringComparer.Ordinal) { ["mailId"] = request.MailId };
        EmailReceipt receipt;
        try
        {
            receipt = await _sender.SendAsync(message with { CustomArgs = args }, cancellationToken);
        }
        catch (EmailDeliveryException exception) when (exception.StatusCode is not null)
        {
            // The provider answered, and not with acceptance: nothing went out, so the retry may send at once.
            await _store.TryRecordAsync(claimed, request.MailId, request.Kind, MailDeliveryState.NotSent, _time.GetUtcNow(), CancellationToken.None);
            throw;
        }

        await _store.RecordSentAsync(claimed, receipt.ProviderMessageId, _time.GetUtcNow(), CancellationToken.None);
        LogSent(_logger, request.MailId, request.Kind);
        return new MailDeliveryResult.Sent();
    }

    private async Task<MailDeliveryResult> DeferAsync(MailRequest request, TimeSpan delay, CancellationToken cancellationToken)
    {
        var wait = delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay;
        await _queue.EnqueueAsync(request, wait, cancellationToken);
        LogDeferred(_logger, request.MailId, request.Kind);
        return new MailDeliveryResult.Deferred(wait);
    }

    private bool NotePoisoned(Exception exception, MailRequest? request)
    {
        _poisoned.Add(1, new KeyValuePair<string, object?>("kind", request?.Kind ?? "unreadable"));
        LogPoisoned(_logger, exception, request?.MailId ?? "(unreadable)", request?.Kind ?? "(unreadable)", QueuedMail.MaxDequeueCount);
        return false;
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Mail {MailId} ({Kind}) was sent")]
    private static partial void LogSent(ILogger logger, string mailId, string kind);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Mail {MailId} ({Kind}) needed nothing to be sent")]
    private static partial void LogNothingToSend(ILogger logger, string mailId, string kind);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information, Message = "Mail {MailId} ({Kind}) was delivered before; this redelivery sends nothing")]
    private static partial void LogDuplicate(ILogger logger, string mailId, string kind);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning, Message = "Mail {MailId} ({Kind}) is held in the queue: email cannot leave (see GET /api/health)")]
    private static partial void LogHeld(ILogger logger, string mailId, string kind);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Warning, Message = "Mail {MailId} ({Kind}) may have been accepted by an earlier attempt; it is looked at again later")]
    private static partial void LogDeferred(ILogger logger, string mailId, string kind);

    [LoggerMessage(EventId = 2026, Level = LogLevel.Warning, Message = "Mail {MailId} ({Kind}) got no answer from two sends; either may have been accepted, so it is not sent again")]
    private static partial void LogUnanswered(ILogger logger, string mailId, string kind);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Error, Message = "Mail {MailId} ({Kind}) failed its last delivery ({MaxDequeueCount} in all) and goes to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, Exception exception, string mailId, string kind, int maxDequeueCount);
}
