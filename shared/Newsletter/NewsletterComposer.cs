using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CoP.Shared.Email;
using CoP.Shared.Members;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter;

/// <summary>Who an issue is rendered for: the member's language (any tag; unknown ones give English) and the topics they follow.</summary>
public sealed record NewsletterAudience(string? Language, IReadOnlyList<string> MemberTopics);

/// <summary>
/// Renders one newsletter issue from Liquid templates embedded in this assembly
/// (<c>Newsletter/Templates/newsletter.&lt;language&gt;.{subject,html,txt}.liquid</c> and <c>layout.html.liquid</c>),
/// parsed once. Everything a member, an uploader or an organiser typed is HTML-encoded in the HTML part and left as
/// it is in the text part. Thread-safe: register as a singleton; it is called once per <see cref="VariantKey"/>.
/// </summary>
public sealed class NewsletterComposer
{
    /// <summary>Descriptions are cut to about this many characters; the linked page has the rest.</summary>
    internal const int MaxExcerptLength = 300;

    // Not a valid topic slug, so it can never collide with one in a variant key.
    private const string OtherSectionKey = "*";

    // Encodes every character that means something in HTML but leaves letters of every script readable, so that
    // accented titles stay short and legible in the source of the email.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly FrozenDictionary<string, LanguageFormat> Formats = new Dictionary<string, LanguageFormat>(StringComparer.Ordinal)
    {
        ["en"] = new(CultureInfo.GetCultureInfo("en-GB"), "d MMMM yyyy", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["report"] = "Report",
            ["case-study"] = "Case study",
            ["policy-brief"] = "Policy brief",
            ["presentation"] = "Presentation",
            ["dataset"] = "Dataset",
            ["other"] = "Document",
        }.ToFrozenDictionary()),
        ["fr"] = new(CultureInfo.GetCultureInfo("fr-FR"), "d MMMM yyyy", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["report"] = "Rapport",
            ["case-study"] = "Étude de cas",
            ["policy-brief"] = "Note d’orientation",
            ["presentation"] = "Présentation",
            ["dataset"] = "Jeu de données",
            ["other"] = "Document",
        }.ToFrozenDictionary()),
        ["es"] = new(CultureInfo.GetCultureInfo("es-ES"), "d 'de' MMMM 'de' yyyy", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["report"] = "Informe",
            ["case-study"] = "Estudio de caso",
            ["policy-brief"] = "Resumen de políticas",
            ["presentation"] = "Presentación",
            ["dataset"] = "Conjunto de datos",
            ["other"] = "Documento",
        }.ToFrozenDictionary()),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // A document's language by its ISO 639-1 code, named in that language ("Français", "Kiswahili").
    private static readonly FrozenDictionary<string, string> LanguageNames = CultureInfo.GetCultures(CultureTypes.NeutralCultures)
        .Where(culture => culture.Name.Length == 2 && !string.IsNullOrEmpty(culture.NativeName))
        .ToFrozenDictionary(culture => culture.Name, culture => culture.TextInfo.ToUpper(culture.NativeName[0]) + culture.NativeName[1..], StringComparer.OrdinalIgnoreCase);

    private readonly TemplateOptions _templateOptions = new()
    {
        CultureInfo = CultureInfo.InvariantCulture,

        // A misspelt variable or filter must fail in the tests rather than leave a blank in thousands of inboxes.
        StrictVariables = true,
        StrictFilters = true,
    };

    private readonly FrozenDictionary<string, TemplateSet> _templates;
    private readonly IFluidTemplate _layout;
    private readonly string _communityName;
    private readonly string? _publicApiBaseUrl;

    public NewsletterComposer(IOptions<EmailOptions> options, IOptions<MembershipOptions> membership)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(membership);
        _communityName = options.Value.CommunityName;
        _publicApiBaseUrl = membership.Value.PublicApiBaseUrl?.ToString().TrimEnd('/');
        _templateOptions.MemberAccessStrategy.Register<SectionView>();
        _templateOptions.MemberAccessStrategy.Register<DocumentView>();
        _templateOptions.MemberAccessStrategy.Register<PollView>();
        _templateOptions.MemberAccessStrategy.Register<ResultView>();
        _templateOptions.MemberAccessStrategy.Register<NewsletterOptionResult>();

        var parser = new FluidParser();
        _layout = Parse(parser, "layout.html.liquid");
        _templates = EmailComposer.Languages.ToFrozenDictionary(
            language => language,
            language => new TemplateSet(
                Parse(parser, $"newsletter.{language}.subject.liquid"),
                Parse(parser, $"newsletter.{language}.html.liquid"),
                Parse(parser, $"newsletter.{language}.txt.liquid")),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The public archive edition of <paramref name="content"/> in the audience's language: open polls link to
    /// their public pages, and there is no profile or unsubscribe link.
    /// </summary>
    public ComposedEmail ComposeArchiveEdition(NewsletterContent content, NewsletterAudience audience) => Render(content, audience, slots: null);

    /// <summary>
    /// The edition that <paramref name="audience"/>'s members receive, with fresh slot markers where the template
    /// puts each member's vote, profile and unsubscribe links (see <see cref="NewsletterSlots"/>).
    /// </summary>
    public MemberEdition ComposeMemberEdition(NewsletterContent content, NewsletterAudience audience)
    {
        ArgumentNullException.ThrowIfNull(content);
        return ComposeMemberEdition(content, audience, NewsletterSlots.Draw(content));
    }

    /// <summary>The member edition with given markers: production draws them (above); tests play a guessed or leaked one.</summary>
    internal MemberEdition ComposeMemberEdition(NewsletterContent content, NewsletterAudience audience, NewsletterSlots slots)
    {
        var writer = new SlotWriter(slots);
        var email = Render(content, audience, writer);
        writer.Verify(email);
        return new MemberEdition(email, slots);
    }

    private ComposedEmail Render(NewsletterContent content, NewsletterAudience audience, SlotWriter? slots)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(audience);
        var language = EmailComposer.ResolveLanguage(audience.Language);
        var format = Formats[language];

        var context = new TemplateContext(_templateOptions);
        Set(context, "Language", language);
        Set(context, "CommunityName", _communityName);
        Set(context, "IssueDate", format.Date(content.PeriodEnd));
        Set(context, "PeriodStartDate", format.Date(content.PeriodStart));
        Set(context, "Note", NormalizeLineBreaks(content.EditorialNote) ?? "");
        Set(context, "NoteParagraphs", Paragraphs(content.EditorialNote));
        Set(context, "Sections", Sections(content, audience, format));
        Set(context, "Polls", content.OpenPolls.Select(poll => new PollView(
            poll.Question,
            Excerpt(poll.Description) ?? "",
            format.Date(poll.ClosesAt),
            poll.ClosesAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            poll.OpenedInPeriod,
            slots is not null && slots.Slots.Votes.TryGetValue(poll.PollId, out var vote) ? slots.Value(vote) : new StringValue(poll.Url))).ToList());
        Set(context, "Results", content.ClosedPolls.Select(result => new ResultView(
            result.Question, result.Ballots, result.Withheld, result.AdminsOnly, result.Options, result.Winner ?? "", result.Url)).ToList());
        Set(context, "ArchiveUrl", ArchiveUrl(content.IssueId));
        Set(context, "IsMember", slots is not null);
        if (slots is not null)
        {
            Set(context, "ProfileUrl", slots.Value(slots.Slots.Profile));
            Set(context, "UnsubscribeUrl", slots.Value(slots.Slots.Unsubscribe));
        }

        var set = _templates[language];
        var subject = CollapseWhitespace(set.Subject.Render(context, NullEncoder.Default));
        var text = TidyText(set.Text.Render(context, NullEncoder.Default));
        var body = WithoutBlankLines(set.Html.Render(context, Encoder));

        var layoutContext = new TemplateContext(_templateOptions);
        Set(layoutContext, "Language", language);
        Set(layoutContext, "Subject", subject);
        Set(layoutContext, "CommunityName", _communityName);
        Set(layoutContext, "Body", body);
        return new ComposedEmail(subject, _layout.Render(layoutContext, Encoder), text);
    }

    /// <summary>
    /// What makes one member's issue differ from another's apart from links: the resolved language and the topic
    /// sections in the order the member sees them, each with the indexes of the documents it holds. Under today's
    /// rule the order alone decides which section holds a shared document; the indexes keep the key right should
    /// the rule change. Members with equal keys get identical emails apart from their links.
    /// </summary>
    public static string VariantKey(NewsletterContent content, NewsletterAudience audience)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(audience);
        var key = new StringBuilder(EmailComposer.ResolveLanguage(audience.Language));
        foreach (var section in Arrange(content, audience.MemberTopics))
        {
            key.Append('|').Append(section.Topic?.Slug ?? OtherSectionKey).Append(':').AppendJoin(',', section.DocumentIndexes);
        }

        return key.ToString();
    }

    /// <summary>The public archive page of an issue: <c>{PublicApiBaseUrl}/api/newsletter/issues/{issueId}</c>.</summary>
    public string ArchiveUrl(string issueId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issueId);
        var baseUrl = _publicApiBaseUrl ?? throw new InvalidOperationException("Membership__PublicApiBaseUrl is not set, so the newsletter cannot link to its archive.");
        return $"{baseUrl}/api/newsletter/issues/{Uri.EscapeDataString(issueId)}";
    }

    /// <summary>
    /// The document sections in the member's order: the topics they follow first, then the others, each in catalog
    /// order (<see cref="NewsletterContent.Topics"/>), then documents of no known topic. A document appears once,
    /// under the first topic in catalog order that the member follows, else under its first topic in catalog order.
    /// Empty sections are left out.
    /// </summary>
    private static List<Section> Arrange(NewsletterContent content, IReadOnlyList<string> memberTopics)
    {
        var followed = memberTopics.ToHashSet(StringComparer.Ordinal);
        var catalogIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < content.Topics.Count; i++)
        {
            catalogIndex.TryAdd(content.Topics[i].Slug, i);
        }

        var byTopic = new List<int>[content.Topics.Count];
        var other = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < content.Documents.Count; d++)
        {
            var document = content.Documents[d];
            if (!seen.Add(document.DocumentId))
            {
                continue;
            }

            int? first = null, firstFollowed = null;
            foreach (var slug in document.Topics)
            {
                if (catalogIndex.TryGetValue(slug, out var index))
                {
                    first = Math.Min(first ?? index, index);
                    if (followed.Contains(slug))
                    {
                        firstFollowed = Math.Min(firstFollowed ?? index, index);
                    }
                }
            }

            if ((firstFollowed ?? first) is { } home)
            {
                (byTopic[home] ??= []).Add(d);
            }
            else
            {
                other.Add(d);
            }
        }

        var sections = Enumerable.Range(0, content.Topics.Count)
            .Where(i => byTopic[i] is not null)
            .OrderBy(i => followed.Contains(content.Topics[i].Slug) ? 0 : 1)
            .ThenBy(i => i)
            .Select(i => new Section(content.Topics[i], byTopic[i]))
            .ToList();
        if (other.Count > 0)
        {
            sections.Add(new Section(null, other));
        }

        return sections;
    }

    private static List<SectionView> Sections(NewsletterContent content, NewsletterAudience audience, LanguageFormat format) =>
        [.. Arrange(content, audience.MemberTopics).Select(section => new SectionView(
            section.Topic?.Name ?? "",
            section.Topic is null,
            [.. section.DocumentIndexes.Select(i => content.Documents[i]).Select(document => new DocumentView(
                document.Title,
                Excerpt(document.Description) ?? "",
                format.DocumentTypes.GetValueOrDefault(document.DocumentType, document.DocumentType),
                LanguageNames.GetValueOrDefault(document.Language, document.Language.ToUpperInvariant()),
                document.Year?.ToString(CultureInfo.InvariantCulture) ?? "",
                document.Url))]))];

    private void Set(TemplateContext context, string name, object? value) =>
        context.SetValue(name, FluidValue.Create(value, _templateOptions));

    private static string? NormalizeLineBreaks(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.ReplaceLineEndings("\n").Trim();

    /// <summary>Paragraphs (separated by blank lines) of lines, so that the HTML part keeps the author's line breaks without taking markup from them.</summary>
    private static List<List<string>> Paragraphs(string? text)
    {
        var paragraphs = new List<List<string>>();
        var current = new List<string>();
        foreach (var line in NormalizeLineBreaks(text)?.Split('\n') ?? [])
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(current);
                    current = [];
                }
            }
            else
            {
                current.Add(line.Trim());
            }
        }

        if (current.Count > 0)
        {
            paragraphs.Add(current);
        }

        return paragraphs;
    }

    /// <summary>The text on one line, cut at a word boundary after at most <see cref="MaxExcerptLength"/> characters.</summary>
    internal static string? Excerpt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var flat = CollapseWhitespace(text);
        if (flat.Length <= MaxExcerptLength)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', MaxExcerptLength);
        if (cut < MaxExcerptLength / 2)
        {
            cut = char.IsHighSurrogate(flat[MaxExcerptLength - 1]) ? MaxExcerptLength - 1 : MaxExcerptLength;
        }

        return flat[..cut].TrimEnd() + "…";
    }

    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Trailing spaces removed and blank lines collapsed to one, so that the templates can lay out their loops freely.</summary>
    private static string TidyText(string text)
    {
        var tidy = new StringBuilder(text.Length);
        var blankLine = false;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                blankLine = tidy.Length > 0;
                continue;
            }

            if (blankLine)
            {
                tidy.Append('\n');
                blankLine = false;
            }

            tidy.Append(line).Append('\n');
        }

        return tidy.ToString();
    }

    /// <summary>The blank lines that the templates' tags leave behind; they mean nothing in HTML but weigh on large issues.</summary>
    private static string WithoutBlankLines(string html) =>
        string.Join('\n', html.Split('\n').Where(line => !string.IsNullOrWhiteSpace(line)));

    private static IFluidTemplate Parse(FluidParser parser, string fileName)
    {
        var resourceName = $"CoP.Shared.Newsletter.Templates.{fileName}";
        using var stream = typeof(NewsletterComposer).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The newsletter template {fileName} is not embedded in {typeof(NewsletterComposer).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The newsletter template {fileName} does not parse: {error}");
    }

    private sealed record LanguageFormat(CultureInfo Culture, string DatePattern, FrozenDictionary<string, string> DocumentTypes)
    {
        // Dates are UTC days, as the schedule is UTC.
        public string Date(DateTimeOffset moment) => moment.UtcDateTime.ToString(DatePattern, Culture);
    }

    private sealed record TemplateSet(IFluidTemplate Subject, IFluidTemplate Html, IFluidTemplate Text);

    private sealed record Section(NewsletterTopic? Topic, List<int> DocumentIndexes);

    // What the templates read. Strict variables treat nil as undefined, so an absent value is an empty string.
    private sealed record SectionView(string Name, bool IsOther, IReadOnlyList<DocumentView> Documents);

    private sealed record DocumentView(string Title, string Description, string Type, string LanguageName, string Year, string Url);

    // Link: the member's vote slot, or the poll's public page.
    private sealed record PollView(string Question, string Description, string ClosesOn, string ClosesAt, bool IsNew, FluidValue Link);

    private sealed record ResultView(
        string Question, int Ballots, bool Withheld, bool AdminsOnly, IReadOnlyList<NewsletterOptionResult> Options, string Winner, string Url);
}
