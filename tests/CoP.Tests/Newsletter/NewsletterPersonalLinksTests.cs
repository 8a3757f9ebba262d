using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Topics;
using CoP.TestSupport;
using CoP.Tests.Members;
using Microsoft.Extensions.Time.Testing;
using PollFlows = CoP.Tests.Polls.PollTestFlows;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Newsletter;

/// <summary>
/// Members and operators type placeholder look-alikes into everything an issue shows (document titles and
/// descriptions, topic names, poll questions and options, the editorial note); every copy, however it is sent,
/// carries tokens only in the template's own links, each for its own recipient and purpose.
/// </summary>
public sealed partial class NewsletterPersonalLinksTests(StorageFixture storage)
{
    private const string Api = "https://cop.example.org/api/";

    /// <summary>
    /// The fixed placeholders of old, near forms of them (case, digits, dashes, URL and HTML encodings, split by
    /// entities or a zero-width space), Liquid that names the link slots, and guesses at a slot marker's shape.
    /// </summary>
    private static readonly string[] Forms =
    [
        "-cop-profile-",
        "-cop-unsubscribe-",
        "-cop-vote-0-",
        "-cop-vote-1-",
        "-COP-PROFILE-",
        "-Cop-Unsubscribe-",
        "-cop-vote-00-",
        "-cop-vote-1",
        "cop-vote-0-",
        "-cop-vote--1-",
        "%2Dcop-profile%2D",
        "-cop-profile%2D",
        "%252Dcop-unsubscribe%252D",
        "&#45;cop-profile&#45;",
        "&#x2D;cop-vote-0&#x2D;",
        "&amp;#45;cop-unsubscribe&amp;#45;",
        "-cop-&#112;rofile-",
        "-cop-\u200Bprofile-",
        "-cop-profile--cop-unsubscribe-",
        "{{ ProfileUrl }} {{ UnsubscribeUrl }}",
        "{% for poll in Polls %}{{ poll.Link }}{% endfor %}",
        "cop-slot-",
        "cop-slot-00000000000000000000000000000000",
        "cop-slot-0123456789abcdef0123456789abcdef",
        "COP-SLOT-FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    ];

    // The purpose each of the template's links must carry, and no other.
    private static readonly (string Link, TokenPurpose Purpose)[] TemplateLinks =
    [
        ("unsubscribe", TokenPurpose.Unsubscribe),
        ("members/me", TokenPurpose.Profile),
    ];

    private const TokenPurpose VotePurpose = TokenPurpose.Vote;

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    [Fact]
    public async Task OnlyTheTemplatesOwnLinksCarryTokensWhenTypedTextHoldsPlaceholderFormsAndSendGridSends()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, time) = CreateApp(storage, sendGrid, now: Slot.AddDays(-1));
        await using var _app = app;
        var issue = await HostileIssueAsync(app, time);

        await RunTimerAsync(app);

        var copies = sendGrid.Requests.Where(r => r.Accepted && IsNewsletter(r)).SelectMany(r => Copies(r).Select(c => (Request: r, Copy: c))).ToList();
        Assert.Equal(issue.Subscribers.Order(), copies.Select(c => c.Copy.MemberId).Order());
        Assert.Contains(copies, c => c.Copy.Recipients == 1 && Copies(c.Request).Count() > 1);
        foreach (var (request, copy) in copies)
        {
            var personal = PersonalCopy(request, copy);
            AssertOnlyTheTemplatesLinksCarryTokens(app, issue, copy.MemberId, personal, copy.Headers["List-Unsubscribe"]);
            Assert.All(copy.Substitutions.Keys, marker => Assert.DoesNotContain(marker, personal.Subject + personal.HtmlBody + personal.TextBody, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task OnlyTheTemplatesOwnLinksCarryTokensWhenTypedTextHoldsPlaceholderFormsAndTheOutboxSends()
    {
        var (app, time) = CreateApp(storage, now: Slot.AddDays(-1));
        await using var _app = app;
        var issue = await HostileIssueAsync(app, time);

        await RunTimerAsync(app);

        var copies = app.Outbox().Where(m => m.Category == NewsletterMessages.Category).ToList();
        Assert.Equal(issue.Subscribers.Order(), copies.Select(m => m.CustomArgs[NewsletterMessages.MemberIdArg]).Order());
        foreach (var message in copies)
        {
            var copy = new ComposedEmail(message.Subject, message.HtmlBody, message.TextBody);
            AssertOnlyTheTemplatesLinksCarryTokens(app, issue, message.CustomArgs[NewsletterMessages.MemberIdArg], copy, message.Headers["List-Unsubscribe"]);
        }
    }

    [Fact]
    public async Task PreviewAndArchiveShowTypedTextVerbatimAndNoMarkerWhenItHoldsPlaceholderForms()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, time) = CreateApp(storage, sendGrid, now: Slot.AddDays(-1));
        await using var _app = app;
        var issue = await HostileIssueAsync(app, time);
        var member = issue.Subscribers[0];

        var preview = (await GetAsync(app, $"/api/manage/newsletter/preview?memberId={member}")).Json();
        await RunTimerAsync(app);
        var archive = await GetAsync(app, $"/api/newsletter/issues/{IssueId}", "text/html");

        var previewCopy = new ComposedEmail(preview.GetProperty("subject").GetString()!, preview.GetProperty("html").GetString()!, preview.GetProperty("text").GetString()!);
        AssertOnlyTheTemplatesLinksCarryTokens(app, issue, member, previewCopy, listUnsubscribe: null);
        Assert.Equal(200, archive.Status);
        Assert.DoesNotContain("token=", archive.Body, StringComparison.Ordinal);
        AssertNoMarker(archive.Body);
        foreach (var typed in issue.HtmlTexts)
        {
            Assert.Contains(Html.Encode(typed), archive.Body, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// In both parts: the token-bearing URLs are exactly the unsubscribe, profile and one vote link per open poll,
    /// each verifying for <paramref name="memberId"/> and for its own purpose only; there is no other
    /// <c>token=</c>, no slot marker, and every typed text appears as typed (HTML-encoded in the HTML part).
    /// </summary>
    private static void AssertOnlyTheTemplatesLinksCarryTokens(TestApp app, HostileIssue issue, string memberId, ComposedEmail copy, string? listUnsubscribe)
    {
        var tokens = app.Get<MemberTokenService>();
        var expected = TemplateLinks.Select(l => (Prefix: $"{Api}{l.Link}?token=", l.Purpose))
            .Concat(issue.OpenPolls.Select(poll => (Prefix: $"{Api}polls/{poll}?token=", Purpose: VotePurpose)))
            .ToList();
        foreach (var part in new[] { copy.HtmlBody, copy.TextBody })
        {
            var links = TokenLinks(part);
            Assert.Equal(expected.Select(e => e.Prefix).Order(StringComparer.Ordinal), links.Select(Prefix).Order(StringComparer.Ordinal));
            Assert.Equal(expected.Count, Regex.Count(part, "token="));
            foreach (var link in links)
            {
                var purpose = expected.Single(e => e.Prefix == Prefix(link)).Purpose;
                var verification = tokens.Verify(Token(link));
                Assert.Equal((TokenStatus.Valid, memberId, purpose), (verification.Status, verification.MemberId, verification.Token!.Purpose));

                // A vote link names the poll it was printed under, and opens no other.
                var poll = purpose == TokenPurpose.Vote ? Prefix(link)[$"{Api}polls/".Length..].Split('?')[0] : null;
                Assert.Equal(poll, verification.Token.PollId);
            }

            AssertNoMarker(part);
        }

        if (listUnsubscribe is not null)
        {
            Assert.Contains($"href=\"{listUnsubscribe.Trim('<', '>')}\"", copy.HtmlBody, StringComparison.Ordinal);
        }

        // Typed text comes out as typed, and a typed URL keeps its own query: no link of the member's next to it.
        foreach (var typed in issue.TextTexts)
        {
            Assert.Contains(typed, copy.TextBody, StringComparison.Ordinal);
        }

        foreach (var typed in issue.HtmlTexts)
        {
            Assert.Contains(Html.Encode(typed), copy.HtmlBody, StringComparison.Ordinal);
        }

        AssertNoMarker(copy.Subject);
    }

    /// <summary>Anything shaped like a slot marker is one a member typed, never one the composer drew.</summary>
    private static void AssertNoMarker(string text) =>
        Assert.All(MarkerShape().Matches(text), match => Assert.Contains(Forms, form => form.Contains(match.Value, StringComparison.Ordinal)));

    private static string Prefix(string link) => link[..(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)];

    /// <summary>
    /// Subscribers in three variants (two share one) and an issue in which every form of <see cref="Forms"/> is
    /// typed into a document's title and description (one document per form, on a topic whose name holds forms
    /// too), into two open polls and the options of a closed one, and into the editorial note.
    /// </summary>
    private static async Task<HostileIssue> HostileIssueAsync(TestApp app, FakeTimeProvider time)
    {
        var subscribers = new List<string>();
        subscribers.AddRange(await SubscribersAsync(app, 2, topics: "hostile", tag: "en"));
        subscribers.AddRange(await SubscribersAsync(app, 1, language: "fr", tag: "fr"));
        subscribers.AddRange(await SubscribersAsync(app, 1, language: "es", topics: "biochar", tag: "es"));

        var topic = "Topic -cop-profile- -cop-vote-0- cop-slot-0123456789abcdef0123456789abcdef";
        await app.Get<TopicStore>().UpsertAsync("hostile", topic, null, Ct);
        var texts = new List<string> { topic };
        for (var i = 0; i < Forms.Length; i++)
        {
            var title = $"Doc {i:00} {Forms[i]}";
            var description = $"Read https://evil.example/?r={Forms[i]} now";
            await PublishedDocumentAsync(app, time.GetUtcNow(), title, "hostile", description);
            texts.AddRange([title, description]);
        }

        var closedLabels = new[] { "https://evil.example/?r=-cop-vote-0-", "-cop-unsubscribe- cop-slot-00000000000000000000000000000000", "{{ UnsubscribeUrl }}" };
        var closed = await PollFlows.PollAsync(app, PollFlows.Definition(change: d =>
        {
            d["question"] = "Closed: -cop-profile- %2Dcop-profile%2D";
            d["options"] = closedLabels.Select((label, index) => new Dictionary<string, object?> { ["id"] = $"o{index}", ["label"] = label }).ToList();
        }));
        var (_, voter) = await PollFlows.MemberAsync(app);
        var ballot = await PollFlows.VoteAsync(app, closed, voter, "o0");
        Assert.True(ballot.Status is >= 200 and < 300, ballot.Body);
        var openPolls = new List<string>();
        foreach (var (question, description) in new[]
        {
            ("Open A: -cop-vote-0- -cop-vote-1- -COP-PROFILE-", "https://evil.example/?r=-cop-vote-0- &#45;cop-profile&#45;"),
            ("Open B: cop-slot-0123456789abcdef0123456789abcdef {{ ProfileUrl }}", "https://evil.example/?r=-cop-unsubscribe- -cop-vote-00-"),
        })
        {
            openPolls.Add(await PollFlows.PollAsync(app, PollFlows.Definition(change: d => (d["question"], d["description"]) = (question, description))));
            texts.AddRange([question, description]);
        }

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(200, (await PollFlows.CloseAsync(app, closed)).Status);
        texts.AddRange(["Closed: -cop-profile- %2Dcop-profile%2D", .. closedLabels]);

        var note = string.Join("\n", Forms);
        Assert.Equal(200, (await SetNoteAsync(app, note)).Status);
        time.Advance(Slot.AddMinutes(10) - time.GetUtcNow());
        return new HostileIssue(subscribers, openPolls, TextTexts: [.. texts, note], HtmlTexts: [.. texts, .. Forms]);
    }

    [GeneratedRegex("cop-slot-[0-9a-fA-F]{32}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkerShape();

    /// <summary>The issue's subscribers and open polls, and what was typed: as the text part shows it, and as the HTML part encodes it (the note line by line).</summary>
    private sealed record HostileIssue(List<string> Subscribers, List<string> OpenPolls, List<string> TextTexts, List<string> HtmlTexts);
}
