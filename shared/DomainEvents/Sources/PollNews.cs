using System.Globalization;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using Microsoft.Extensions.Options;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>
/// Reports <c>poll.opened</c> and <c>poll.closed</c> (key: the poll id; the type tells which). Polls open and close by
/// their times, so the domain events timer reports them (<see cref="DomainEventRun"/>); creating a poll that opens at once
/// reports its opening at once too. A closing is reported only once the poll has been closed for <see cref="ClosedGrace"/>
/// (by the timer, also after an early close), so that the results count the ballots still being written when it closed.
/// A closed poll carries its results only when its visibility rule shows them to anyone after closing (every rule but
/// <c>admins</c>) and enough ballots were cast to show them at all.
/// </summary>
public sealed class PollNews(DomainEventLog log, DomainEventStore events, PollResultsCache counts, IOptions<MembershipOptions> membership, TimeProvider time)
{
    /// <summary>How many options the results line of a closed poll names.</summary>
    public const int SummaryOptions = 5;

    /// <summary>
    /// How long a poll has been closed before its closing is reported with its results. A ballot whose request read the
    /// poll while it was open counts even when its write lands after the close (it carries the time it was cast); this
    /// leaves such writes, with the storage client's retries, time to land.
    /// </summary>
    public static readonly TimeSpan ClosedGrace = TimeSpan.FromMinutes(5);

    /// <summary>Reports the poll's opening, if it is open now and opened within <see cref="DomainEventOptions.LookBack"/>.</summary>
    public async Task OpenedAsync(Poll poll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var now = time.GetUtcNow();
        if (poll.StateAt(now) != PollState.Open || poll.OpensAt < now - DomainEventOptions.LookBack)
        {
            return;
        }

        var url = Url(poll);
        var summary = string.Create(CultureInfo.InvariantCulture, $"Open until {poll.EffectiveClosesAt:yyyy-MM-dd HH:mm} UTC");
        var data = new Opened(poll.PollId, poll.Question, url, Topics(poll), PollNames.Of(poll.Kind), poll.OpensAt, poll.EffectiveClosesAt, Options(poll));
        await log.PublishAsync(
            new DomainEventDraft(DomainEventTypes.PollOpened, poll.PollId, poll.Question, url, Topics(poll), summary, DomainEventData.Of(data)), cancellationToken);
    }

    /// <summary>
    /// Reports the poll's closing, if it has been closed for <see cref="ClosedGrace"/>, closed within
    /// <see cref="DomainEventOptions.LookBack"/> and was ever open (a poll closed before its opening time never took a
    /// ballot). A closing reported before is not counted again: the timer sees each closed poll for days.
    /// </summary>
    public async Task ClosedAsync(Poll poll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        if (!IsClosedNews(poll, time.GetUtcNow())
            || await events.GetAsync(DomainEvent.IdOf(DomainEventTypes.PollClosed, poll.PollId), cancellationToken) is not null)
        {
            return;
        }

        // Counted afresh, not from the cache: the last ballots before the close count.
        var results = poll.Visibility == ResultsVisibility.Admins ? null : (await counts.CountAsync(poll, cancellationToken)).Tally;
        var url = Url(poll);
        var summary = results is null ? "Closed" : ResultsLine(poll, results);
        var data = new Closed(
            poll.PollId, poll.Question, url, Topics(poll), PollNames.Of(poll.Kind), poll.OpensAt, poll.EffectiveClosesAt, Options(poll),
            results is null ? null : new Results(results.Ballots, results.Counts, results.Winner));
        await log.PublishAsync(
            new DomainEventDraft(DomainEventTypes.PollClosed, poll.PollId, poll.Question, url, Topics(poll), summary, DomainEventData.Of(data)), cancellationToken);
    }

    /// <summary>Whether the poll's closing is to be reported at <paramref name="now"/> (see <see cref="ClosedAsync"/>).</summary>
    public static bool IsClosedNews(Poll poll, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(poll);
        return poll.StateAt(now) == PollState.Closed
            && poll.EffectiveClosesAt > poll.OpensAt
            && poll.EffectiveClosesAt + ClosedGrace <= now
            && poll.EffectiveClosesAt >= now - DomainEventOptions.LookBack;
    }

    /// <summary>The results in one line, most votes first: "Yes 12 · No 3" (the first <see cref="SummaryOptions"/> options, then "…").</summary>
    private static string ResultsLine(Poll poll, PollTallyResult results)
    {
        var ranked = poll.Options.OrderByDescending(o => results.Counts[o.Id]).ToList();
        var shown = ranked.Take(SummaryOptions).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Label} {results.Counts[o.Id]}"));
        var line = string.Join(" · ", shown);
        return ranked.Count > SummaryOptions ? line + " · …" : line;
    }

    private string Url(Poll poll) => $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/polls/{Uri.EscapeDataString(poll.PollId)}";

    /// <summary>A poll's topics are those of its options.</summary>
    private static IReadOnlyList<string> Topics(Poll poll) => [.. poll.Options.Select(o => o.Topic).OfType<string>().Distinct(StringComparer.Ordinal)];

    private static IReadOnlyList<Option> Options(Poll poll) => [.. poll.Options.Select(o => new Option(o.Id, o.Label))];

    private sealed record Option(string Id, string Label);

    /// <summary>The counts (first preferences, for a ranked poll) by option id, and the winner when there is one.</summary>
    private sealed record Results(int Ballots, IReadOnlyDictionary<string, int> Counts, string? Winner);

    private sealed record Opened(
        string Id, string Title, string Url, IReadOnlyList<string> Topics, string Kind, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, IReadOnlyList<Option> Options);

    private sealed record Closed(
        string Id, string Title, string Url, IReadOnlyList<string> Topics, string Kind, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, IReadOnlyList<Option> Options,
        Results? Results);
}
