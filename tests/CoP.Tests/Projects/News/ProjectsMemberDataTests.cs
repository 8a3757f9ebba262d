using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.TestSupport;
using static CoP.Tests.Projects.News.ProjectNewsTestFlows;

namespace CoP.Tests.Projects.News;

/// <summary>
/// A member's part in the projects map, in their export (the projects they are the contact of, the notes they wrote)
/// and their erase (unlinked from their projects, which stay and need a new contact; their notes stay without an author).
/// </summary>
public sealed class ProjectsMemberDataTests(StorageFixture storage)
{
    [Fact]
    public async Task ExportListsTheProjectsTheMemberIsTheContactOfAndTheNotesTheyWroteThroughTheRoute()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app, "fr");
        var other = await MemberAsync(app);
        var pending = await ProjectAsync(app, member.MemberId, p => p with { Review = ProjectReview.Pending, ApprovedAt = null });
        var theirs = await ProjectAsync(app, other.MemberId);
        var note = await NoteAsync(app, pending.Project.ProjectId, member.MemberId, Start.AddDays(-1));
        await NoteAsync(app, theirs.Project.ProjectId, other.MemberId, Start.AddDays(-1), "Not theirs.");

        var request = app.Get("/api/members/me/export").WithHeader("Authorization", $"Bearer {AccountToken(app, member)}");
        var answer = await TestResponse.ExecuteAsync(await app.Function<ExportMyDataFunction>().ExportMyData(request, Ct), request);

        Assert.Equal(200, answer.Status);
        var section = answer.Json().GetProperty("records").GetProperty("projects");
        var project = Assert.Single(section.GetProperty("contactOf").EnumerateArray());
        Assert.Equal(pending.Project.ProjectId, project.GetProperty("projectId").GetString());
        Assert.Equal("Biochar pour les petits exploitants de Kisumu", project.GetProperty("title").GetString());
        Assert.Equal("pending", project.GetProperty("review").GetString());
        var written = Assert.Single(section.GetProperty("progressNotes").EnumerateArray());
        Assert.Equal((note.UpdateId, note.Text), (written.GetProperty("updateId").GetString(), written.GetProperty("text").GetString()));
        Assert.DoesNotContain(theirs.Project.ProjectId, answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EraseUnlinksTheMemberFromTheirProjectsWhichStayNeedingAContactAndKeepsTheirNotesWithoutAnAuthor()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);
        var other = await MemberAsync(app);
        var first = await ProjectAsync(app, member.MemberId);
        var second = await ProjectAsync(app, member.MemberId, p => p with { Review = ProjectReview.Pending, ApprovedAt = null });
        var theirs = await ProjectAsync(app, other.MemberId);
        var note = await NoteAsync(app, theirs.Project.ProjectId, member.MemberId, Start.AddDays(-1));
        var marker = await app.Get<ProjectStore>().ChangeMarkerAsync(Ct);
        time.Advance(TimeSpan.FromMinutes(5));

        var request = app.Raw("DELETE", "/api/members/me", "", null).WithHeader("Authorization", $"Bearer {AccountToken(app, member)}");
        var answer = await TestResponse.ExecuteAsync(await app.Function<EraseMyDataFunction>().EraseMyData(request, Ct), request);

        Assert.True(answer.Status is 200 or 204, answer.Body);
        var store = app.Get<ProjectStore>();
        foreach (var projectId in new[] { first.Project.ProjectId, second.Project.ProjectId })
        {
            var left = (await store.GetAsync(projectId, Ct))?.Project;
            Assert.NotNull(left);
            Assert.True(left.NeedsContact);
            Assert.Equal(time.GetUtcNow(), left.UpdatedAt);
        }

        Assert.Equal(ProjectReview.Approved, (await store.GetAsync(first.Project.ProjectId, Ct))?.Project.Review);
        Assert.Equal(other.MemberId, (await store.GetAsync(theirs.Project.ProjectId, Ct))?.Project.ContactMemberId);
        Assert.NotEqual(marker, await store.ChangeMarkerAsync(Ct));
        Assert.Empty(await store.ListByContactAsync(member.MemberId, Ct));
        var kept = Assert.Single(await app.Get<ProjectProgressStore>().ListAsync(theirs.Project.ProjectId, Ct));
        Assert.Equal((note.UpdateId, note.Text, (string?)null), (kept.UpdateId, kept.Text, kept.AuthorMemberId));
        Assert.DoesNotContain(member.MemberId, await ProjectTablesTextAsync(app), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EraseRunTwiceAtOnceWhileTheOwnerKeepsEditingEndsUnlinkedWithTheEditsKept()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);
        var stored = await ProjectAsync(app, member.MemberId);
        var data = MemberData(app);
        var store = app.Get<ProjectStore>();

        // The owner's edits race the erase: each is written under the version it read, as the update service does.
        async Task EditAsync(int n)
        {
            if (await store.GetAsync(stored.Project.ProjectId, Ct) is { } current && current.Project.IsOwnedBy(member.MemberId))
            {
                await store.TryReplaceAsync(current.Project with { AdministrativeArea = $"Kisumu County {n}" }, current.Version, Ct);
            }
        }

        await Task.WhenAll(new[] { data.EraseAsync(member, Ct), data.EraseAsync(member, Ct) }.Concat(Enumerable.Range(0, 6).Select(EditAsync)));
        await data.EraseAsync(member, Ct);

        var left = (await store.GetAsync(stored.Project.ProjectId, Ct))?.Project;
        Assert.NotNull(left);
        Assert.True(left.NeedsContact);
        Assert.Equal("Biochar for smallholders in Kisumu", left.TextIn("en").Title);
        Assert.Empty(await store.ListByContactAsync(member.MemberId, Ct));
    }

    private static string AccountToken(TestApp app, MemberEntity member) =>
        app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Account);

    // The project tables only: the member row and other areas' records are the erase's own tests' business.
    private static async Task<string> ProjectTablesTextAsync(TestApp app)
    {
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "Projects", "ProjectUpdates" })
        {
            await foreach (var row in app.Table(table).QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: Ct))
            {
                foreach (var (key, value) in row)
                {
                    text.Append(key).Append('=').Append(value).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
