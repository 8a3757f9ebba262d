using System.Globalization;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using Microsoft.Extensions.Options;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>
/// Reports <c>poll.opened</c> and <c>poll.closed</c> (key: the poll id; the type tells which). Polls open and close by
/// their times, so the domain events timer reports them (<see cref="DomainEventRun"/>); creating a poll that opens at once
/// and closing one early report them at once too. A closed poll carries its results only when its visibility rule shows
/// them to anyone after closing (every rule but <c>admins</c>) and enough ballots were cast to show them at all.
/// </summary>
public sealed class PollNews(DomainEventLog log, PollResultsCache counts, IOptions<MembershipOptions> membership, TimeProvider time)
{
    /// <summary>How many options the results line of a closed poll names.</summary>
    public const int SummaryOptions = 5;

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
    /// Reports the poll's closing, if it is closed now, closed within <see cref="DomainEventOptions.LookBack"/> and was ever
    /// open (a poll closed before its opening time never took a ballot).
    /// </summary>
    public async Task ClosedAsync(Poll poll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var now = time.GetUtcNow();
        if (poll.StateAt(now) != PollState.Closed || poll.EffectiveClosesAt <= poll.OpensAt || poll.EffectiveClosesAt < now - DomainEventOptions.LookBack)
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
