using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Projects;
using Microsoft.Extensions.Options;
using static CoP.Tests.Projects.News.ProjectNewsTestFlows;

namespace CoP.Tests.Newsletter.Composition;

/// <summary>
/// The newsletter's projects sections: the projects approved in the period (every reader sees all of them) and the
/// progress notes on the member's topics (all of them in the archive and for members who follow none), public links
/// only; and what the builder takes from the projects map (no pending or rejected project, no note on one, no author).
/// </summary>
public sealed class NewsletterProjectSectionsTests(StorageFixture storage)
{
    private static readonly NewsletterComposer Composer = new(
        Options.Create(new EmailOptions { CommunityName = EmailOptions.DefaultCommunityName }),
        Options.Create(new MembershipOptions { PublicApiBaseUrl = new Uri(BaseUrl) }));

    [Theory]
    [InlineData("en", "New on the projects map", "Project progress", "Biochar for smallholders", "Kisumu County, Kenya", "25 November 2026")]
    [InlineData("fr", "Nouveaux projets sur la carte", "Avancement des projets", "Biochar pour les petits exploitants", "Kisumu County, Kenya", "25 novembre 2026")]
    [InlineData("es", "Nuevos proyectos en el mapa", "Avances de los proyectos", "Biochar for smallholders", "Kisumu County, Kenya", "25 de noviembre de 2026")]
    public void TheArchiveEditionListsNewProjectsAndEveryProgressNoteWithTheirPublicLinksOnly(
        string language, string newHeading, string progressHeading, string title, string place, string noteDate)
    {
        var email = Composer.ComposeArchiveEdition(Issue(), new NewsletterAudience(language, ["water"]));

        Assert.Contains(newHeading, email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(progressHeading, email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(newHeading.ToUpperInvariant(), email.TextBody, StringComparison.Ordinal);
        Assert.Contains(progressHeading.ToUpperInvariant(), email.TextBody, StringComparison.Ordinal);
        foreach (var part in new[] { email.HtmlBody, email.TextBody })
        {
            Assert.Contains(title, part, StringComparison.Ordinal);
            Assert.Contains(place, part, StringComparison.Ordinal);
            Assert.Contains(noteDate, part, StringComparison.Ordinal);
            Assert.Contains("Second kiln running", part, StringComparison.Ordinal);
            Assert.Contains("Rainwater ponds dug", part, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"{BaseUrl}/api/projects/{ProjectId(1)}\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{BaseUrl}/api/projects\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{BaseUrl}/api/projects/{ProjectId(2)}", email.TextBody, StringComparison.Ordinal);
        foreach (var part in new[] { email.Subject, email.HtmlBody, email.TextBody })
        {
            Assert.DoesNotContain("token=", part, StringComparison.Ordinal);
            Assert.DoesNotContain("cop-slot-", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("/edit", part, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\n\n\n", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemberSeesEveryNewProjectAndTheProgressNotesOnTheTopicsTheyFollowAndOnProjectsOfNoTopic()
    {
        var email = MemberCopy(Issue(), new NewsletterAudience("en", ["water"]));

        foreach (var part in new[] { email.HtmlBody, email.TextBody })
        {
            Assert.Contains("Biochar for smallholders in Kisumu", part, StringComparison.Ordinal);
            Assert.Contains("Rainwater ponds dug", part, StringComparison.Ordinal);
            Assert.Contains("Village seed bank opened", part, StringComparison.Ordinal);
            Assert.DoesNotContain("Second kiln running", part, StringComparison.Ordinal);
        }

        var everything = MemberCopy(Issue(), new NewsletterAudience("en", []));
        Assert.Contains("Second kiln running", everything.TextBody, StringComparison.Ordinal);
        Assert.Contains("Rainwater ponds dug", everything.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedMarkupInANoteOrATitleIsEncodedInTheHtmlPartAndALongNoteIsCut()
    {
        var issue = Issue();
        issue = issue with
        {
            NewProjects = [issue.NewProjects[0] with { Titles = new Dictionary<string, string> { ["en"] = "<script>alert(1)</script>Kilns" } }],
            ProjectUpdates = [issue.ProjectUpdates[0] with { Text = "<img src=x onerror=alert(1)> " + string.Concat(Enumerable.Repeat("kiln ", 200)) }],
        };

        var email = Composer.ComposeArchiveEdition(issue, new NewsletterAudience("en", []));

        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("kiln…", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(string.Concat(Enumerable.Repeat("kiln ", 100)), email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void MembersWhoSeeDifferentProgressNotesHaveDifferentVariantsAndIssuesWithoutNotesKeepTheirKeys()
    {
        var issue = Issue();
        var water = NewsletterComposer.VariantKey(issue, new NewsletterAudience("en", ["water"]));
        var biochar = NewsletterComposer.VariantKey(issue, new NewsletterAudience("en", ["biochar"]));

        Assert.NotEqual(water, biochar);
        Assert.Equal(water, NewsletterComposer.VariantKey(issue, new NewsletterAudience("en", ["water", "retired"])));
        Assert.Equal("en", NewsletterComposer.VariantKey(issue with { ProjectUpdates = [] }, new NewsletterAudience("en", ["water"])));
    }

    [Fact]
    public void ANewProjectOrAProgressNoteIsNews()
    {
        var issue = Issue();
        var quiet = issue with { NewProjects = [], ProjectUpdates = [] };

        Assert.False(quiet.HasNews);
        Assert.True((quiet with { NewProjects = issue.NewProjects }).HasNews);
        Assert.True((quiet with { ProjectUpdates = issue.ProjectUpdates }).HasNews);
    }

    [Fact]
    public async Task TheBuilderListsProjectsFirstApprovedInThePeriodAndTheNotesOnPublicProjectsOnly()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var periodStart = Start.AddDays(-7);
        var fresh = await ProjectAsync(app, "member-1", p => p with { ApprovedAt = Start.AddDays(-1) });
        var older = await ProjectAsync(app, "member-2", p => p with { ApprovedAt = periodStart.AddDays(-30) });
        var pending = await ProjectAsync(app, "member-3", p => p with { Review = ProjectReview.Pending, ApprovedAt = null });
        await ProjectAsync(app, "member-4", p => p with { Review = ProjectReview.Rejected, ApprovedAt = null, ReviewNote = "Not a soil project." });
        var onOlder = await NoteAsync(app, older.Project.ProjectId, "member-2", Start.AddDays(-2));
        await NoteAsync(app, older.Project.ProjectId, "member-2", periodStart.AddDays(-1), "Before the period.");
        await NoteAsync(app, pending.Project.ProjectId, "member-3", Start.AddDays(-2), "On a pending project.");

        var content = await app.Get<NewsletterContentBuilder>().BuildAsync("2026-11-02-0800", periodStart, time.GetUtcNow(), time.GetUtcNow(), null, Ct);

        var project = Assert.Single(content.NewProjects);
        Assert.Equal(fresh.Project.ProjectId, project.ProjectId);
        Assert.Equal($"{BaseUrl}/api/projects/{fresh.Project.ProjectId}", project.Url);
        Assert.Equal("Kilns built with farmer groups; biochar mixed with compost.", project.Summaries["en"]);
        Assert.False(project.Summaries.ContainsKey("fr"));
        var note = Assert.Single(content.ProjectUpdates);
        Assert.Equal((onOlder.UpdateId, older.Project.ProjectId, $"{BaseUrl}/api/projects/{older.Project.ProjectId}"), (note.UpdateId, note.ProjectId, note.Url));
        Assert.True(content.HasNews);

        var archive = Composer.ComposeArchiveEdition(content, new NewsletterAudience("en", []));
        Assert.DoesNotContain("member-", archive.HtmlBody + archive.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("pending project", archive.TextBody, StringComparison.Ordinal);
    }

    private static ComposedEmail MemberCopy(NewsletterContent issue, NewsletterAudience audience)
    {
        var (email, slots) = Composer.ComposeMemberEdition(issue, audience);
        return NewsletterMessages.Substitute(email, slots.Fill($"{BaseUrl}/api/unsubscribe?token=u1", $"{BaseUrl}/api/members/me?token=p1", id => $"{BaseUrl}/api/polls/{id}?token=v1"));
    }

    private static string ProjectId(int n) => new string('0', 31) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One new project (biochar, Kenya) and three notes: on biochar, on water, and on a project of no topic.</summary>
    private static NewsletterContent Issue() => new NewsletterContent(
        "2026-11-30-0800",
        new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero),
        null, [], [], [], [])
    {
        NewProjects =
        [
            new(ProjectId(1),
                new Dictionary<string, string> { ["en"] = "Biochar for smallholders in Kisumu", ["fr"] = "Biochar pour les petits exploitants de Kisumu" },
                new Dictionary<string, string> { ["en"] = "Kilns built with farmer groups." },
                ["biochar"], ["KE"], "Kisumu County", $"{BaseUrl}/api/projects/{ProjectId(1)}"),
        ],
        ProjectUpdates =
        [
            new(ProjectId(1), "u1", new Dictionary<string, string> { ["en"] = "Biochar for smallholders in Kisumu" }, ["biochar"],
                new DateOnly(2026, 11, 25), "en", "Second kiln running; 40 farmers trained.", $"{BaseUrl}/api/projects/{ProjectId(1)}"),
            new(ProjectId(2), "u2", new Dictionary<string, string> { ["en"] = "Water for the Sahel" }, ["water", "agroforestry"],
                new DateOnly(2026, 11, 24), "en", "Rainwater ponds dug in three villages.", $"{BaseUrl}/api/projects/{ProjectId(2)}"),
            new(ProjectId(3), "u3", new Dictionary<string, string> { ["en"] = "Seeds for all" }, [],
                new DateOnly(2026, 11, 23), "en", "Village seed bank opened.", $"{BaseUrl}/api/projects/{ProjectId(3)}"),
        ],
    };
}
