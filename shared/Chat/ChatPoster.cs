using System.Diagnostics;
using System.Diagnostics.Metrics;
using CoP.Shared.DomainEvents;
using CoP.Shared.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Chat;

/// <summary>What one attempt at an event's chat posts did.</summary>
public abstract record ChatPostResult
{
    private ChatPostResult()
    {
    }

    /// <summary>Every channel of the event is settled: posted now or before, or given up as unknown (see <see cref="ChatPoster"/>).</summary>
    public sealed record Settled(IReadOnlyList<string> PostedNow) : ChatPostResult;

    /// <summary>The event's topics have no channel and there is no default channel: it goes nowhere.</summary>
    public sealed record NoChannel : ChatPostResult;

    /// <summary>No hook URL is set (any more): nothing is posted, and the message is dropped.</summary>
    public sealed record NoHook : ChatPostResult;

    /// <summary>Rocket.Chat refused a post: the event is queued again for <paramref name="NextAttempt"/>, visible after <paramref name="Delay"/>.</summary>
    public sealed record RetryScheduled(int NextAttempt, TimeSpan Delay) : ChatPostResult;

    /// <summary>The last attempt was refused too: the message went to <c>chat-posts-poison</c>.</summary>
    public sealed record Poisoned(int Attempts) : ChatPostResult;
}

/// <summary>
/// Posts one domain event to its chat channels (queue trigger <c>PostToChat</c>), each (event, channel) at most once and,
/// unless Rocket.Chat leaves it in doubt, exactly once. Per channel: a claim row is inserted before the post (of
/// attempts at once, one posts); Rocket.Chat's confirmation (200 with <c>success:true</c>) marks it posted; a definite
/// refusal (any other answer, or no connection at all) releases the claim and the whole event is queued again with a
/// doubling delay (a 429's Retry-After honoured), channels already posted skipped; after <see cref="ChatOptions.MaxAttempts"/>
/// the message goes to the poison queue. A post without an answer (a timeout, a cut connection), or whose
/// confirmation could not be recorded, may be in the channel: it is never posted again, and a warning says so. A
/// missing message is a smaller harm in a chat than the same news twice, and the operator can post it by hand.
/// </summary>
public sealed partial class ChatPoster
{
    private readonly DomainEventStore _events;
    private readonly ChatChannelMap _channels;
    private readonly ChatPostStore _posts;
    private readonly QueuedChatPosts _queue;
    private readonly RocketChatHook _hook;
    private readonly ChatOptions _options;
    private readonly ILogger<ChatPoster> _logger;
    private readonly Counter<long> _posted;
    private readonly Counter<long> _poisoned;

    public ChatPoster(
        DomainEventStore events,
        ChatChannelMap channels,
        ChatPostStore posts,
        QueuedChatPosts queue,
        RocketChatHook hook,
        IOptions<ChatOptions> options,
        IMeterFactory meters,
        ILogger<ChatPoster> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _events = events;
        _channels = channels;
        _posts = posts;
        _queue = queue;
        _hook = hook;
        _options = options.Value;
        _logger = logger;
        var meter = meters.Create(CommunityMetrics.MeterName);
        _posted = meter.CreateCounter<long>("cop.chat.posted", description: "Chat messages Rocket.Chat confirmed, by event type");
        _poisoned = meter.CreateCounter<long>("cop.chat.poisoned", description: "Chat post messages moved to chat-posts-poison after their last attempt");
    }

    /// <summary>
    /// Handles the queue message <paramref name="text"/>. A message that is no chat post request, or names no stored event,
    /// throws: the host retries it and then moves it to the poison queue.
    /// </summary>
    public async Task<ChatPostResult> PostAsync(string text, CancellationToken cancellationToken = default)
    {
        var request = ChatPostRequest.Parse(text) ?? throw new InvalidOperationException("The queue message is not a chat post request; it can never be posted.");
        if (!_options.HasHook)
        {
            LogNoHook(_logger, request.EventId);
            return new ChatPostResult.NoHook();
        }

        var domainEvent = await _events.GetAsync(request.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Domain event {request.EventId} is not stored; its chat post cannot be made.");
        var channels = await _channels.ResolveAsync(domainEvent.Topics, cancellationToken);
        if (channels.Count == 0)
        {
            LogNoChannel(_logger, domainEvent.EventId, domainEvent.Type);
            return new ChatPostResult.NoChannel();
        }

        var postedNow = new List<string>();
        TimeSpan? retryAfter = null;
        var refused = false;
        foreach (var channel in channels)
        {
            switch (await PostToChannelAsync(domainEvent, channel, request.Attempt, cancellationToken))
            {
                case ChannelOutcome.Posted:
                    postedNow.Add(channel);
                    break;
                case ChannelOutcome.Refused { RetryAfter: var wait }:
                    refused = true;
                    if (wait is { } asked && (retryAfter is null || asked > retryAfter))
                    {
                        retryAfter = asked;
                    }

                    break;
                case ChannelOutcome.Settled:
                    break;
                default:
                    throw new UnreachableException();
            }
        }

        return refused ? await RetryOrPoisonAsync(request, domainEvent, text, retryAfter, cancellationToken) : new ChatPostResult.Settled(postedNow);
    }

    private async Task<ChannelOutcome> PostToChannelAsync(DomainEvent domainEvent, string channel, int attempt, CancellationToken cancellationToken)
    {
        ChatPostClaim claim;
        switch (await _posts.ClaimAsync(domainEvent.EventId, channel, attempt, cancellationToken))
        {
            case ChatPostClaimResult.Claimed { Claim: var claimed }:
                claim = claimed;
                break;
            case ChatPostClaimResult.AlreadyPosted:
                LogAlreadyPosted(_logger, domainEvent.EventId, channel);
                return new ChannelOutcome.Settled();
            case ChatPostClaimResult.InDoubt:
                LogInDoubt(_logger, domainEvent.EventId, channel);
                return new ChannelOutcome.Settled();
            default:
                throw new UnreachableException();
        }

        // From here on the post may reach the channel: the records after it must not be cancelled half-way.
        switch (await _hook.PostAsync(RocketChatMessages.ForEvent(domainEvent, channel, _options), cancellationToken))
        {
            case HookAnswer.Confirmed:
                await _posts.RecordPostedAsync(claim, CancellationToken.None);
                _posted.Add(1, new KeyValuePair<string, object?>("type", domainEvent.Type));
                LogPosted(_logger, domainEvent.EventId, domainEvent.Type, channel);
                return new ChannelOutcome.Posted();
            case HookAnswer.Refused { Status: var status, RetryAfter: var retryAfter }:
                await _posts.ReleaseAsync(claim, CancellationToken.None);
                LogRefused(_logger, domainEvent.EventId, channel, status, attempt);
                return new ChannelOutcome.Refused(retryAfter);
            case HookAnswer.Unreachable { Reason: var reason }:
                await _posts.ReleaseAsync(claim, CancellationToken.None);
                LogUnreachable(_logger, domainEvent.EventId, channel, reason, attempt);
                return new ChannelOutcome.Refused(null);
            case HookAnswer.Unanswered { Reason: var reason }:
                await _posts.RecordUnknownAsync(claim, CancellationToken.None);
                LogUnanswered(_logger, domainEvent.EventId, channel, reason);
                return new ChannelOutcome.Settled();
            default:
                throw new UnreachableException();
        }
    }

    private async Task<ChatPostResult> RetryOrPoisonAsync(ChatPostRequest request, DomainEvent domainEvent, string text, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        if (request.Attempt >= _options.MaxAttempts)
        {
            await _queue.PoisonAsync(text, cancellationToken);
            _poisoned.Add(1, new KeyValuePair<string, object?>("type", domainEvent.Type));
            LogPoisoned(_logger, domainEvent.EventId, domainEvent.Type, request.Attempt);
            return new ChatPostResult.Poisoned(request.Attempt);
        }

        var next = request.Attempt + 1;
        var backoff = _options.RetryDelay(next);
        // A Retry-After may lengthen the wait (up to an hour), never shorten it: a 0 or a past date would burn every attempt at once.
        var delay = retryAfter is { } asked && asked > backoff ? (asked > ChatOptions.MaxRetryAfter ? ChatOptions.MaxRetryAfter : asked) : backoff;
        await _queue.EnqueueAsync(request with { Attempt = next }, delay, cancellationToken);
        return new ChatPostResult.RetryScheduled(next, delay);
    }

    private abstract record ChannelOutcome
    {
        private ChannelOutcome()
        {
        }

        public sealed record Posted : ChannelOutcome;

        public sealed record Refused(TimeSpan? RetryAfter) : ChannelOutcome;

        /// <summary>Nothing more to do for the channel: posted before, or in doubt.</summary>
        public sealed record Settled : ChannelOutcome;
    }

    [LoggerMessage(EventId = 13042, Level = LogLevel.Information, Message = "Domain event {EventId} ({Type}) was posted to chat channel {Channel}")]
    private static partial void LogPosted(ILogger logger, string eventId, string type, string channel);

    [LoggerMessage(EventId = 13043, Level = LogLevel.Information, Message = "Domain event {EventId} was posted to chat channel {Channel} before; this delivery posts nothing")]
    private static partial void LogAlreadyPosted(ILogger logger, string eventId, string channel);

    [LoggerMessage(EventId = 13044, Level = LogLevel.Warning, Message = "Domain event {EventId} got no answer from Rocket.Chat for chat channel {Channel} ({Reason}); it may have been posted, so it is not posted again")]
    private static partial void LogUnanswered(ILogger logger, string eventId, string channel, string reason);

    [LoggerMessage(EventId = 13045, Level = LogLevel.Warning, Message = "Domain event {EventId} for chat channel {Channel} was claimed by an earlier attempt that did not confirm it; it may have been posted, so it is not posted again")]
    private static partial void LogInDoubt(ILogger logger, string eventId, string channel);

    [LoggerMessage(EventId = 13046, Level = LogLevel.Warning, Message = "Rocket.Chat refused domain event {EventId} for chat channel {Channel} with status {StatusCode} (attempt {Attempt}); it is tried again")]
    private static partial void LogRefused(ILogger logger, string eventId, string channel, int statusCode, int attempt);

    [LoggerMessage(EventId = 13047, Level = LogLevel.Warning, Message = "Rocket.Chat could not be reached for domain event {EventId}, chat channel {Channel} ({Reason}, attempt {Attempt}); it is tried again")]
    private static partial void LogUnreachable(ILogger logger, string eventId, string channel, string reason, int attempt);

    [LoggerMessage(EventId = 13048, Level = LogLevel.Error, Message = "Domain event {EventId} ({Type}) failed its last chat attempt ({Attempts} in all) and goes to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, string eventId, string type, int attempts);

    [LoggerMessage(EventId = 13049, Level = LogLevel.Information, Message = "Domain event {EventId} ({Type}) has no chat channel and there is no default channel; it is not posted")]
    private static partial void LogNoChannel(ILogger logger, string eventId, string type);

    [LoggerMessage(EventId = 13050, Level = LogLevel.Warning, Message = "Domain event {EventId} is not posted to the chat: Chat__HookUrl is not set")]
    private static partial void LogNoHook(ILogger logger, string eventId);
}
