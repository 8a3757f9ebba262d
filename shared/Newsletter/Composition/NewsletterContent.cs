namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// What one issue reports, frozen when the issue is first composed so that every retry, every member and the
/// public archive see the same content. Personal parts (vote, profile and unsubscribe links; the order of the
/// topics) are added per member when the issue is rendered.
/// </summary>
public sealed record NewsletterContent(
    string IssueId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string? EditorialNote,
    IReadOnlyList<NewsletterDocument> Documents,
    IReadOnlyList<NewsletterPoll> OpenPolls,
    IReadOnlyList<NewsletterPollResult> ClosedPolls,
    IReadOnlyList<NewsletterTopic> Topics)
{
    /// <summary>Published events still to come when the issue was composed, soonest first (none in issues frozen before events).</summary>
    public IReadOnlyList<NewsletterEvent> UpcomingEvents { get; init; } = [];

    /// <summary>Events whose materials were added during the period, with those materials.</summary>
    public IReadOnlyList<NewsletterEventMaterials> EventMaterials { get; init; } = [];

    /// <summary>Projects approved for the first time during the period (none in issues frozen before the projects map).</summary>
    public IReadOnlyList<NewsletterProject> NewProjects { get; init; } = [];

    /// <summary>Progress notes posted during the period on public projects, newest first.</summary>
    public IReadOnlyList<NewsletterProjectUpdate> ProjectUpdates { get; init; } = [];

    /// <summary>
    /// True when the issue has something members have not seen: a document, poll results, event materials, a new
    /// project or a progress note of the period, a poll opened or an event announced in the period, or an editorial
    /// note. Polls that were already open and events already announced are reminders, not news.
    /// </summary>
    public bool HasNews =>
        Documents.Count > 0 || ClosedPolls.Count > 0 || OpenPolls.Any(p => p.OpenedInPeriod) || !string.IsNullOrWhiteSpace(EditorialNote)
        || UpcomingEvents.Any(e => e.AnnouncedInPeriod) || EventMaterials.Count > 0 || NewProjects.Count > 0 || ProjectUpdates.Count > 0;
}

/// <summary>A document published during the period; <see cref="Url"/> is its public catalog entry.</summary>
public sealed record NewsletterDocument(
    string DocumentId,
    string Title,
    string? Description,
    IReadOnlyList<string> Topics,
    string DocumentType,
    string Language,
    int? Year,
    DateTimeOffset PublishedAt,
    string Url);

/// <summary>A poll open when the issue was composed. Members get a personal vote link; the archive the public page.</summary>
public sealed record NewsletterPoll(
    string PollId,
    string Question,
    string? Description,
    DateTimeOffset ClosesAt,
    bool OpenedInPeriod,
    string Url);

/// <summary>
/// A poll closed during the period. <see cref="Withheld"/>: fewer ballots than its minimum, so no counts.
/// <see cref="AdminsOnly"/>: its results are for operators, so the issue says only that it closed.
/// </summary>
public sealed record NewsletterPollResult(
    string PollId,
    string Question,
    int Ballots,
    bool Withheld,
    bool AdminsOnly,
    IReadOnlyList<NewsletterOptionResult> Options,
    string? Winner,
    string Url);

/// <summary>One option's final count (for ranked polls, its count in the last round) and its share of the ballots.</summary>
public sealed record NewsletterOptionResult(string Label, int Count, int Percent);

/// <summary>A topic the issue's documents belong to, in catalog order.</summary>
public sealed record NewsletterTopic(string Slug, string Name);

/// <summary>
/// A published event to come. <see cref="Titles"/> by language (the reader's, else English, else the first);
/// <see cref="TimeZone"/> is the organiser's, in which the issue shows the start. <see cref="Url"/> is its public page.
/// </summary>
public sealed record NewsletterEvent(
    string EventId,
    IReadOnlyDictionary<string, string> Titles,
    IReadOnlyList<string> Topics,
    string Format,
    DateTimeOffset StartsAt,
    string TimeZone,
    bool AnnouncedInPeriod,
    string Url);

/// <summary>An event that left materials during the period: its title, when it took place, its page and the materials.</summary>
public sealed record NewsletterEventMaterials(
    string EventId,
    IReadOnlyDictionary<string, string> Titles,
    DateTimeOffset StartsAt,
    string TimeZone,
    IReadOnlyList<NewsletterMaterial> Materials,
    string Url);

/// <summary>One material: its title, its kind (<c>slides</c>, <c>recording</c>, <c>minutes</c>, <c>other</c>) and its link (a catalog document's page, or the link given).</summary>
public sealed record NewsletterMaterial(string Title, string Kind, string Url);

/// <summary>
/// A project approved for the first time during the period: <see cref="Titles"/> and <see cref="Summaries"/> by language
/// (the reader's, else English, else the first), its topics, its countries (ISO 3166-1 alpha-2) and administrative area
/// (may be empty), and its public page.
/// </summary>
public sealed record NewsletterProject(
    string ProjectId,
    IReadOnlyDictionary<string, string> Titles,
    IReadOnlyDictionary<string, string> Summaries,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Countries,
    string AdministrativeArea,
    string Url);

/// <summary>
/// A progress note posted during the period on a public project: the project's titles and topics, the note's date,
/// language and text (shown as an excerpt; the project page has it whole), and the project's public page. No author.
/// </summary>
public sealed record NewsletterProjectUpdate(
    string ProjectId,
    string UpdateId,
    IReadOnlyDictionary<string, string> Titles,
    IReadOnlyList<string> Topics,
    DateOnly Date,
    string Language,
    string Text,
    string Url);
