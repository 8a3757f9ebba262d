using System.Text.RegularExpressions;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Composition;
using Fluid;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Newsletter;

/// <summary>
/// The slot markers of member editions under attack: markers copied from an earlier composition, the
/// composition's own marker typed in (a guess that came true), markers disguised by encodings, and floods of
/// near forms. What members typed stays text; a marker the template did not write refuses the composition.
/// </summary>
public sealed class NewsletterSlotsTests
{
    private const string BaseUrl = "https://cop.example.org";
    private const string UnsubscribeUrl = "https://cop.example.org/api/unsubscribe?token=u1";
    private const string ProfileUrl = "https://cop.example.org/api/members/me?token=p1";

    // What a test plays as a marker that was guessed, or that leaked and was typed in before the composition.
    private const string Guessed = "cop-slot-5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";

    private static readonly NewsletterComposer Composer = new(
        Options.Create(new EmailOptions()),
        Options.Create(new MembershipOptions { PublicApiBaseUrl = new Uri(BaseUrl) }));

    private static readonly NewsletterAudience Audience = new("en", []);

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public void WritesEverySlotOnceInEachPartWhenComposingAnyTranslation(string language)
    {
        var issue = Issue() with { OpenPolls = [Poll("poll-1"), Poll("poll-2")] };

        var (email, slots) = Composer.ComposeMemberEdition(issue, new NewsletterAudience(language, []));

        foreach (var (marker, _) in slots.Named)
        {
            Assert.Equal(1, Regex.Count(email.HtmlBody, $"href=\"{marker}\""));
            Assert.Equal(1, Regex.Count(email.TextBody, marker));
            Assert.DoesNotContain(marker, email.Subject, StringComparison.Ordinal);
        }

        Assert.Equal(4, slots.Named.Count());
    }

    [Fact]
    public void KeepsMarkersOfAnEarlierCompositionAsTextWhenAMemberTypesThem()
    {
        var earlier = Composer.ComposeMemberEdition(Issue(), Audience).Slots;
        var copied = string.Join(' ', earlier.Named.Select(slot => slot.Marker));
        var issue = Issue(description: $"https://evil.example/?r={earlier.Profile} {copied}", note: copied);

        var (email, slots) = Composer.ComposeMemberEdition(issue, Audience);
        var copy = Fill(email, slots);

        Assert.Empty(earlier.Named.Select(slot => slot.Marker).Intersect(slots.Named.Select(slot => slot.Marker)));
        Assert.Contains($"https://evil.example/?r={earlier.Profile} {copied}", copy.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://evil.example/?r={earlier.Profile} {copied}", copy.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(copy.TextBody, "token="));
        Assert.Equal(3, Regex.Count(copy.HtmlBody, "token="));
    }

    [Theory]
    [InlineData("title")]
    [InlineData("description")]
    [InlineData("topic")]
    [InlineData("question")]
    [InlineData("option")]
    [InlineData("note")]
    [InlineData("upper-case")]
    public void RefusesToComposeWhenTypedTextHoldsAMarkerOfTheCompositionItself(string field)
    {
        var typed = $"https://evil.example/?r={(field == "upper-case" ? Guessed.ToUpperInvariant() : Guessed)}";
        var issue = field switch
        {
            "title" => Issue(title: typed),
            "topic" => Issue() with { Topics = [new("soil", typed)] },
            "question" => Issue() with { OpenPolls = [Poll("poll-1") with { Question = typed }] },
            "option" => Issue() with { ClosedPolls = [Result() with { Options = [new(typed, 3, 100)], Winner = typed }] },
            "note" => Issue(note: typed),
            _ => Issue(description: typed),
        };

        foreach (var slots in new[]
        {
            new NewsletterSlots(Guessed, "cop-slot-profile", new Dictionary<string, string> { ["poll-1"] = "cop-slot-vote" }),
            new NewsletterSlots("cop-slot-unsubscribe", Guessed, new Dictionary<string, string> { ["poll-1"] = "cop-slot-vote" }),
            new NewsletterSlots("cop-slot-unsubscribe", "cop-slot-profile", new Dictionary<string, string> { ["poll-1"] = Guessed }),
        })
        {
            var refused = Assert.Throws<InvalidOperationException>(() => Composer.ComposeMemberEdition(issue, Audience, slots));
            Assert.DoesNotContain(Guessed, refused.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("cop&#45;slot&#45;5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5")]
    [InlineData("cop-slot-5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e&#53;")]
    [InlineData("cop%2Dslot%2D5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5")]
    [InlineData("cop-slot-5f0c1e2d3a4b5c6d\u200B7e8f90a1b2c3d4e5")]
    [InlineData("cop-slot-5f0c1e2d3a4b5c6d 7e8f90a1b2c3d4e5")]
    [InlineData("cop-slot-5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e")]
    [InlineData("op-slot-5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5")]
    public void KeepsADisguisedOrPartialMarkerAsTextWhenTypedTextHoldsIt(string typed)
    {
        var issue = Issue(title: typed, description: typed, note: typed);
        var slots = new NewsletterSlots(Guessed, "cop-slot-profile", new Dictionary<string, string> { ["poll-1"] = "cop-slot-vote" });

        var (email, _) = Composer.ComposeMemberEdition(issue, Audience, slots);
        var copy = Fill(email, slots);

        Assert.Equal(1, Regex.Count(copy.TextBody, Regex.Escape(UnsubscribeUrl)));
        Assert.Equal(3, Regex.Count(copy.TextBody, "token="));
        Assert.Equal(3, Regex.Count(copy.HtmlBody, "token="));
        Assert.Contains($"* {typed}\n", copy.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Guessed, copy.HtmlBody + copy.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavesEveryNearFormVerbatimWhenTheNoteAndDescriptionsAreFloodedWithThem()
    {
        var forms = new[] { "-cop-profile-", "-cop-vote-0-", "-cop-unsubscribe-", "cop-slot-", "-COP-PROFILE-", "cop-slot-0123456789abcdef0123456789abcdef" };
        var flood = string.Concat(Enumerable.Range(0, 400).Select(i => forms[i % forms.Length]));
        var note = flood[..NewsletterService.MaxNoteLength];
        var issue = Issue(note: note) with
        {
            Documents = [.. Enumerable.Range(0, 100).Select(i => Document($"d{i}", flood[..(i + 100)], flood[i..(i + 250)]))],
        };

        var (email, slots) = Composer.ComposeMemberEdition(issue, Audience);
        var copy = Fill(email, slots);

        Assert.Contains(note, copy.TextBody, StringComparison.Ordinal);
        Assert.Contains(flood[..199], copy.TextBody, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(copy.TextBody, "token="));
        Assert.Equal(3, Regex.Count(copy.HtmlBody, "token="));
    }

    [Theory]
    [InlineData("{{ ProfileUrl | upcase }}")]
    [InlineData("{{ ProfileUrl }}{{ ProfileUrl | append: '' }}")]
    [InlineData("{% capture link %}{{ ProfileUrl }}{% endcapture %}{{ link }}{{ link }}")]
    public void RefusesATemplateThatWritesASlotOtherwiseThanThroughItsValue(string source)
    {
        var slots = new NewsletterSlots("cop-slot-unsubscribe", "cop-slot-profile", new Dictionary<string, string>());
        var writer = new SlotWriter(slots);
        var context = new TemplateContext();
        context.SetValue("ProfileUrl", writer.Value(slots.Profile));

        var html = new FluidParser().Parse(source).Render(context);

        Assert.Throws<InvalidOperationException>(() => writer.Verify(new ComposedEmail("", html, "")));
    }

    [Fact]
    public void RefusesMarkersThatContainOneAnother()
    {
        Assert.Throws<ArgumentException>(() => new NewsletterSlots("cop-slot-1", "cop-slot-12", new Dictionary<string, string>()));
        Assert.Throws<ArgumentException>(() => new NewsletterSlots("cop-slot-1", "cop-slot-2", new Dictionary<string, string> { ["poll-1"] = "COP-SLOT-1" }));
    }

    private static ComposedEmail Fill(ComposedEmail email, NewsletterSlots slots) =>
        NewsletterMessages.Substitute(email, slots.Fill(UnsubscribeUrl, ProfileUrl, pollId => $"{BaseUrl}/api/polls/{pollId}?token=v1"));

    private static NewsletterContent Issue(string title = "Soil carbon in the Sahel", string? description = null, string? note = "The field season starts in March.") => new(
        "2026-11-23-0800",
        new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        note,
        [Document("d1", title, description)],
        [Poll("poll-1")],
        [Result()],
        [new("soil", "Soil carbon")]);

    private static NewsletterDocument Document(string id, string title, string? description) => new(
        id, title, description, ["soil"], "report", "en", 2026, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), $"{BaseUrl}/api/documents/{id}");

    private static NewsletterPoll Poll(string id) => new(
        id, "Which field day should we hold next?", "Pick one.", new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero), true, $"{BaseUrl}/api/polls/{id}");

    private static NewsletterPollResult Result() => new(
        "poll-0", "Should the next meeting be online?", 12, false, false, [new("Online", 9, 75), new("In person", 3, 25)], "Online", $"{BaseUrl}/api/polls/poll-0");
}
