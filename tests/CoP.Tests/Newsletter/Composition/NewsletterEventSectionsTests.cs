using CoP.Shared.Email;
using CoP.Shared.Events;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Options;
using static CoP.Tests.Events.Reminders.ReminderTestFlows;

namespace CoP.Tests.Newsletter.Composition;

/// <summary>
/// The newsletter's event sections: upcoming events on the member's topics (all of them in the archive edition, and
/// for members who follow none), the materials of recent events, public links only; and what the builder takes from
/// the events table (no drafts, no cancelled events, materials of the period).
/// </summary>
public sealed class NewsletterEventSectionsTests(StorageFixture storage)
{
    private const string BaseUrl = "https://cop.example.org";

    private static readonly NewsletterComposer Composer = new(
        Options.Create(new EmailOptions { CommunityName = EmailOptions.DefaultCommunityName }),
        Options.Create(new MembershipOptions { PublicApiBaseUrl = new Uri(BaseUrl) }));

    [Fact]
    public void AMemberSeesTheUpcomingEventsOnTheTopicsTheyFollowAndThoseOfNoTopic()
    {
        var email = MemberCopy(Issue(), new NewsletterAudience("en", ["water"]));

        foreach (var part in new[] { email.HtmlBody, email.TextBody })
        {
            Assert.Contains("Irrigation clinic", part, StringComparison.Ordinal);
            Assert.Contains("Annual assembly", part, StringComparison.Ordinal);
            Assert.DoesNotContain("Biochar field day", part, StringComparison.Ordinal);
        }

        Assert.Contains("Thursday 10 December 2026, 15:00 (Africa/Dakar)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Monday 14 December 2026, 10:00 (Europe/Paris) · Online", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemberWhoFollowsNoTopicAndTheArchiveSeeEveryUpcomingEvent()
    {
        var issue = Issue();
        foreach (var email in new[] { MemberCopy(issue, new NewsletterAudience("en", [])), Composer.ComposeArchiveEdition(issue, new NewsletterAudience("en", ["water"])) })
        {
            foreach (var title in new[] { "Biochar field day", "Irrigation clinic", "Annual assembly" })
            {
                Assert.Contains(title, email.TextBody, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("en", "Upcoming events", "From recent events", "Recording")]
    [InlineData("fr", "Événements à venir", "Retour sur les derniers événements", "Enregistrement")]
    [InlineData("es", "Próximos eventos", "De los últimos eventos", "Grabación")]
    public void TheArchiveEditionListsEventsAndMaterialsWithTheirPublicLinksOnly(string language, string upcoming, string recent, string recording)
    {
        var email = Composer.ComposeArchiveEdition(Issue(), new NewsletterAudience(language, []));

        Assert.Contains(upcoming, email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(recent, email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{recording}: <a href=\"https://media.example.org/assembly.mp4\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{BaseUrl}/api/events/{EventId(1)}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{BaseUrl}/api/documents/doc-minutes", email.TextBody, StringComparison.Ordinal);
        foreach (var part in new[] { email.Subject, email.HtmlBody, email.TextBody })
        {
            Assert.DoesNotContain("token=", part, StringComparison.Ordinal);
            Assert.DoesNotContain("cop-slot-", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\n\n\n", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(language == "fr" ? "Journée biochar" : "Biochar field day", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void MembersWhoSeeDifferentEventsHaveDifferentVariantsAndIssuesWithoutEventsKeepTheirKeys()
    {
        var issue = Issue();
        var water = NewsletterComposer.VariantKey(issue, new NewsletterAudience("en", ["water"]));
        var biochar = NewsletterComposer.VariantKey(issue, new NewsletterAudience("en", ["biochar"]));

        Assert.NotEqual(water, biochar);
        Assert.Equal(water, NewsletterComposer.VariantKey(issue, new NewsletterAudience("en", ["water", "retired"])));
        Assert.Equal("en", NewsletterComposer.VariantKey(issue with { UpcomingEvents = [] }, new NewsletterAudience("en", ["water"])));
    }

    [Fact]
    public void AnEventAnnouncedInThePeriodOrNewMaterialsAreNewsAndEventsAlreadyAnnouncedAreNot()
    {
        var issue = Issue();
        var quiet = issue with { EventMaterials = [], UpcomingEvents = [.. issue.UpcomingEvents.Select(e => e with { AnnouncedInPeriod = false })] };

        Assert.True(issue.HasNews);
        Assert.True((quiet with { EventMaterials = issue.EventMaterials }).HasNews);
        Assert.True((quiet with { UpcomingEvents = [quiet.UpcomingEvents[0] with { AnnouncedInPeriod = true }] }).HasNews);
        Assert.False(quiet.HasNews);
    }

    [Fact]
    public async Task TheBuilderListsPublishedEventsToComeAndTheMaterialsAddedInThePeriodButNoDraftOrCancelledEvent()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var periodStart = Start.AddDays(-7);
        var published = await EventAsync(app, Start.AddDays(3), title: "Published soon");
        await EventAsync(app, Start.AddDays(4), EventStatus.Draft, title: "A draft");
        await EventAsync(app, Start.AddDays(5), EventStatus.Cancelled, title: "Cancelled");
        await EventAsync(app, Start.AddDays(200), title: "Too far ahead");
        var past = await EventAsync(app, Start.AddDays(-2), EventStatus.Completed, title: "Past with materials", materials:
        [
            new("m1", MaterialKind.Slides, "Slides of the day", "doc-slides", null, Start.AddDays(-1)),
            new("m2", MaterialKind.Minutes, "Minutes from before", null, new Uri("https://media.example.org/old.pdf"), periodStart.AddDays(-1)),
        ]);
        await EventAsync(app, Start.AddDays(-3), EventStatus.Cancelled, title: "Cancelled with materials", materials:
            [new("m3", MaterialKind.Other, "Never shown", null, new Uri("https://media.example.org/x.pdf"), Start.AddDays(-1))]);

        var content = await app.Get<NewsletterContentBuilder>().BuildAsync("2026-11-02-0800", periodStart, time.GetUtcNow(), time.GetUtcNow(), null, Ct);

        var upcoming = Assert.Single(content.UpcomingEvents);
        Assert.Equal(published.EventId, upcoming.EventId);
        Assert.True(upcoming.AnnouncedInPeriod);
        Assert.Equal($"{BaseUrl}/api/events/{published.EventId}", upcoming.Url);
        var materials = Assert.Single(content.EventMaterials);
        Assert.Equal(past.EventId, materials.EventId);
        var material = Assert.Single(materials.Materials);
        Assert.Equal(("Slides of the day", "slides", $"{BaseUrl}/api/documents/doc-slides"), (material.Title, material.Kind, material.Url));
        Assert.True(content.HasNews);
    }

    private static ComposedEmail MemberCopy(NewsletterContent issue, NewsletterAudience audience)
    {
        var (email, slots) = Composer.ComposeMemberEdition(issue, audience);
        return NewsletterMessages.Substitute(email, slots.Fill($"{BaseUrl}/api/unsubscribe?token=u1", $"{BaseUrl}/api/members/me?token=p1", id => $"{BaseUrl}/api/polls/{id}?token=v1"));
    }

    private static string EventId(int n) => new string('0', 31) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Three upcoming events (biochar; water, in Dakar; no topic, online) and one past event with two materials.</summary>
    private static NewsletterContent Issue() => new NewsletterContent(
        "2026-11-30-0800",
        new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero),
        null, [], [], [], [])
    {
        UpcomingEvents =
        [
            new(EventId(1), new Dictionary<string, string> { ["en"] = "Biochar field day", ["fr"] = "Journée biochar" }, ["biochar"], "in-person",
                new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero), "Europe/Paris", true, $"{BaseUrl}/api/events/{EventId(1)}"),
            new(EventId(2), new Dictionary<string, string> { ["en"] = "Irrigation clinic" }, ["water", "biochar"], "hybrid",
                new DateTimeOffset(2026, 12, 10, 15, 0, 0, TimeSpan.Zero), "Africa/Dakar", false, $"{BaseUrl}/api/events/{EventId(2)}"),
            new(EventId(3), new Dictionary<string, string> { ["en"] = "Annual assembly" }, [], "online",
                new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero), "Europe/Paris", false, $"{BaseUrl}/api/events/{EventId(3)}"),
        ],
        EventMaterials =
        [
            new(EventId(4), new Dictionary<string, string> { ["en"] = "Assembly 2026" }, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), "Europe/Paris",
                [new("Full recording", "recording", "https://media.example.org/assembly.mp4"), new("Minutes", "minutes", $"{BaseUrl}/api/documents/doc-minutes")],
                $"{BaseUrl}/api/events/{EventId(4)}"),
        ],
    };
}
