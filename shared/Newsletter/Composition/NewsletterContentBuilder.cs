using System.Diagnostics;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Shared.Topics;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// Gathers what happened in a period from the catalog and the polls: documents published in it (newest
/// first, up to the configured number), polls open at its end, and the results of polls that closed in it as
/// the public may see them (visibility rule and minimum ballot count respected); and the events to come and the
/// materials of past ones (<see cref="NewsletterEvents"/>); and the new projects and progress notes of the projects map
/// (<see cref="NewsletterProjects"/>).
/// </summary>
public sealed class NewsletterContentBuilder(
    DocumentStore documents,
    PollStore pollStore,
    PollService polls,
    TopicStore topics,
    NewsletterEvents events,
    NewsletterProjects projects,
    IOptions<NewsletterOptions> options,
    IOptions<MembershipOptions> membership)
{
    private const int DocumentPageSize = 100;

    /// <summary>
    /// The content of the period (<paramref name="periodStart"/>, <paramref name="periodEnd"/>]; the polls listed
    /// as open are those open at <paramref name="now"/>, when the issue goes out.
    /// </summary>
    public async Task<NewsletterContent> BuildAsync(
        string issueId, DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset now, string? editorialNote, CancellationToken cancellationToken = default)
    {
        var newDocuments = await DocumentsAsync(periodStart, periodEnd, cancellationToken);
        var (open, closed) = await PollsAsync(periodStart, periodEnd, now, cancellationToken);
        var catalog = await topics.ListActiveAsync(cancellationToken);
        var used = newDocuments.SelectMany(d => d.Topics).ToHashSet(StringComparer.Ordinal);

        // Catalog order first; topics retired since a document was published keep their slug as name, last.
        var issueTopics = catalog.Where(t => used.Contains(t.Slug)).Select(t => new NewsletterTopic(t.Slug, t.Name))
            .Concat(used.Where(slug => catalog.All(t => t.Slug != slug)).Order(StringComparer.Ordinal).Select(slug => new NewsletterTopic(slug, slug)))
            .ToList();
        var note = string.IsNullOrWhiteSpace(editorialNote) ? null : editorialNote.Trim();
        var (upcoming, materials) = await events.ListAsync(periodStart, periodEnd, now, ApiUrl, cancellationToken);
        var (newProjects, progress) = await projects.ListAsync(periodStart, periodEnd, ApiUrl, cancellationToken);
        return new NewsletterContent(issueId, periodStart, periodEnd, note, newDocuments, open, closed, issueTopics)
        {
            UpcomingEvents = upcoming,
            EventMaterials = materials,
            NewProjects = newProjects,
            ProjectUpdates = progress,
        };
    }

    private async Task<IReadOnlyList<NewsletterDocument>> DocumentsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var found = new List<NewsletterDocument>();
        string? continuation = null;
        do
        {
            // The index lists newest first, so the first row older than the period ends the walk.
            var (page, next) = await documents.ListPublishedAsync(new DocumentFilter(), continuation, DocumentPageSize, cancellationToken);
            foreach (var row in page)
            {
                if (row.PublishedAt <= start)
                {
                    return found;
                }

                if (row.PublishedAt <= end)
                {
                    found.Add(new NewsletterDocument(
                        row.DocumentId, row.Title, row.Description, row.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries),
                        row.DocumentType, row.Language, row.Year, row.PublishedAt, ApiUrl($"documents/{row.DocumentId}")));
                    if (found.Count == options.Value.MaxDocuments)
                    {
                        return found;
                    }
                }
            }

            continuation = next;
        }
        while (continuation is not null);

        return found;
    }

    private async Task<(IReadOnlyList<NewsletterPoll> Open, IReadOnlyList<NewsletterPollResult> Closed)> PollsAsync(
        DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidates = await pollStore.ListClosingAfterAsync(start, cancellationToken);
        var open = candidates
            .Where(p => p.StateAt(now) == PollState.Open)
            .OrderBy(p => p.EffectiveClosesAt)
            .ThenBy(p => p.PollId, StringComparer.Ordinal)
            .Take(options.Value.MaxPolls)
            .Select(p => new NewsletterPoll(p.PollId, p.Question, p.Description, p.EffectiveClosesAt, p.OpensAt > start && p.OpensAt <= end, ApiUrl($"polls/{p.PollId}")))
            .ToList();

        var closed = new List<NewsletterPollResult>();
        foreach (var poll in candidates
            .Where(p => p.EffectiveClosesAt > start && p.EffectiveClosesAt <= end)
            .OrderBy(p => p.EffectiveClosesAt)
            .ThenBy(p => p.PollId, StringComparer.Ordinal))
        {
            closed.Add(await ResultAsync(poll, cancellationToken));
        }

        return (open, closed);
    }

    private async Task<NewsletterPollResult> ResultAsync(Poll poll, CancellationToken cancellationToken)
    {
        var url = ApiUrl($"polls/{poll.PollId}/results");
        if (poll.Visibility == ResultsVisibility.Admins)
        {
            return new NewsletterPollResult(poll.PollId, poll.Question, 0, Withheld: false, AdminsOnly: true, [], null, url);
        }

        // As the public sees them: the visibility rule (every other rule shows closed polls) and the minimum count.
        return await polls.ResultsAsync(poll.PollId, token: null, admin: false, cancellationToken) switch
        {
            ResultsAccess.Shown { Results.Tally: { } tally } => Published(poll, tally, url),
            ResultsAccess.Shown { Results.Ballots: var ballots } => Withheld(poll, ballots, url),
            ResultsAccess.PollNotFound or ResultsAccess.Unauthorized or ResultsAccess.VoteFirst or ResultsAccess.AfterClose or ResultsAccess.AdminsOnly
                => Withheld(poll, 0, url),
            _ => throw new UnreachableException(),
        };
    }

    private static NewsletterPollResult Withheld(Poll poll, int ballots, string url) =>
        new(poll.PollId, poll.Question, ballots, Withheld: true, AdminsOnly: false, [], null, url);

    private static NewsletterPollResult Published(Poll poll, PollTallyResult tally, string url)
    {
        var options = poll.Options
            .Select(o => new NewsletterOptionResult(o.Label, Count(tally, o.Id), Percent(Count(tally, o.Id), tally.Ballots)))
            .ToList();
        var winner = tally.Winner is { } id ? poll.Options.FirstOrDefault(o => o.Id == id)?.Label : null;
        return new NewsletterPollResult(poll.PollId, poll.Question, tally.Ballots, Withheld: false, AdminsOnly: false, options, winner, url);
    }

    // Ranked polls report first preferences, as the results endpoint does; the winner is instant runoff's.
    private static int Count(PollTallyResult tally, string optionId) => tally.Counts.TryGetValue(optionId, out var count) ? count : 0;

    private static int Percent(int count, int ballots) => ballots == 0 ? 0 : (int)Math.Round(100.0 * count / ballots, MidpointRounding.AwayFromZero);

    private string ApiUrl(string route) => $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/{route}";
}
