using System.Text.Json;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Submission;
using CoP.Tests.Members;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Projects.Forms.ProjectFormFlows;

namespace CoP.Tests.Projects.Forms;

/// <summary>
/// The member's project forms posted: a new project submitted, a change saved, the record confirmed, each through the
/// API's own rules and service; refusals shown on the form with what was typed (400), a stale form never overwriting a
/// change made meanwhile (409), someone else's project not found (404), and a form without the session's anti-forgery
/// field changing nothing (403).
/// </summary>
public sealed class ProjectFormSubmitTests(StorageFixture storage)
{
    [Fact]
    public async Task MemberSubmitsAProjectFromTheFormAndLandsOnItsEditPageWhileItWaitsForReview()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);

        var posted = await PostAsync(app, "/api/projects/new", Filled(), session);

        Assert.Equal(303, posted.Status);
        var project = Assert.Single(await app.Get<ProjectStore>().ListByContactAsync(memberId, Ct));
        Assert.Equal($"/api/projects/{project.ProjectId}/edit?submitted=1", posted.Headers.Location.ToString());
        Assert.Equal(ProjectReview.Pending, project.Review);
        Assert.Equal("Cover crops in the Beauce", project.TextIn("en").Title);
        Assert.Equal((48.4469, 1.4892), (project.Location.Point.Latitude, project.Location.Point.Longitude));
        Assert.Equal([Practice.CoverCrops], project.Practices);
        Assert.Equal("Beauce Sols Vivants", Assert.Single(project.Organisations).Name);

        var page = await GetAsync(app, posted.Headers.Location.ToString(), session);
        Assert.Contains("<strong>Thank you: your project was sent.</strong>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Waiting for review", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedFormComesBackAsTypedWithEachErrorBesideItsFieldAndNothingStored()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var fields = Filled(f =>
        {
            f["texts-en-title"] = "Cover crops <script>alert(1)</script>";
            f["location-latitude"] = "95";
            f["status"] = "";
            f["practices"] = "ploughing";
            f["organisations-1-name"] = "Nameless role";
        });

        var refused = await PostAsync(app, "/api/projects/new", fields, session);

        Assert.Equal(400, refused.Status);
        Assert.Empty(await app.Get<ProjectStore>().ListByContactAsync(memberId, Ct));
        foreach (var field in new[] { "location", "status", "practices", "organisations-1-role" })
        {
            Assert.True(refused.Body.Contains($"<li><a href=\"#{field}\">", StringComparison.Ordinal), field + ": " + System.Text.RegularExpressions.Regex.Match(refused.Body, "<ul><li>.*?</ul>").Value);
            Assert.Contains($"aria-describedby=\"{field}-error\"", refused.Body, StringComparison.Ordinal);
        }

        Assert.Contains("value=\"Cover crops &lt;script&gt;alert(1)&lt;/script&gt;\"", refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", refused.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"95\"", refused.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"Nameless role\"", refused.Body, StringComparison.Ordinal);
        Assert.Contains("<option value=\"FR\" selected>", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormWithoutTheSessionsAntiForgeryFieldStoresNothing()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);

        var forged = await PostAsync(app, "/api/projects/new", Filled(), session, withFormToken: false);

        Assert.Equal(403, forged.Status);
        Assert.Empty(await app.Get<ProjectStore>().ListByContactAsync(memberId, Ct));
    }

    [Fact]
    public async Task OwnerSavesAChangeAndAnApprovedProjectStaysOnTheMapMarkedForAnotherLook()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var stored = await ProjectAsync(app, memberId);
        var page = await GetAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", session);
        var time = (FakeTimeProvider)app.Get<TimeProvider>();
        time.Advance(TimeSpan.FromDays(3));

        var saved = await PostAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", Filled().Append(KeyValuePair.Create("version", Version(page.Body))), session);

        Assert.Equal(303, saved.Status);
        Assert.Equal($"/api/projects/{stored.Project.ProjectId}/edit?saved=1", saved.Headers.Location.ToString());
        var now = (await app.Get<ProjectStore>().GetAsync(stored.Project.ProjectId, Ct))!.Project;
        Assert.Equal("Cover crops in the Beauce", now.TextIn("en").Title);
        Assert.False(now.Texts.ContainsKey("es"));
        Assert.Null(now.ActualEnd);
        Assert.Equal((ProjectReview.Approved, true), (now.Review, now.EditedSinceReview));
        Assert.Equal(time.GetUtcNow(), now.LastConfirmedAt);
        Assert.Contains("Your changes are on the map now", (await GetAsync(app, saved.Headers.Location.ToString(), session)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleFormOverwritesNothingAndShowsTheProjectAsItIsNow()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var stored = await ProjectAsync(app, memberId);
        var shown = Version((await GetAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", session)).Body);
        var meanwhile = await app.Get<ProjectService>().UpdateAsync(
            stored.Project.ProjectId, memberId, JsonSerializer.SerializeToElement(new { administrativeArea = "Kisumu West" }), stored.Version, Ct);
        var current = Assert.IsType<ProjectChange.Changed>(meanwhile).Project;

        var stale = await PostAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", Filled().Append(KeyValuePair.Create("version", shown)), session);

        Assert.Equal(409, stale.Status);
        Assert.Contains("<strong>Nothing was saved:</strong>", stale.Body, StringComparison.Ordinal);
        Assert.Equal(current.Version, Version(stale.Body));
        Assert.Contains("value=\"Kisumu West\"", stale.Body, StringComparison.Ordinal);
        var now = (await app.Get<ProjectStore>().GetAsync(stored.Project.ProjectId, Ct))!;
        Assert.Equal((current.Version, "Biochar for smallholders in Kisumu"), (now.Version, now.Project.TextIn("en").Title));
    }

    [Fact]
    public async Task RefusedChangeKeepsTheVersionItWasTypedOverSoAChangeMeanwhileIsStillNoticed()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var stored = await ProjectAsync(app, memberId);

        var refused = await PostAsync(
            app, $"/api/projects/{stored.Project.ProjectId}/edit", Filled(f => f["location-longitude"] = "east").Append(KeyValuePair.Create("version", stored.Version)), session);

        Assert.Equal(400, refused.Status);
        Assert.Equal(stored.Version, Version(refused.Body));
        Assert.Contains("<li><a href=\"#location\">", refused.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"Cover crops in the Beauce\"", refused.Body, StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await app.Get<ProjectStore>().GetAsync(stored.Project.ProjectId, Ct))!.Version);
    }

    [Fact]
    public async Task OwnerConfirmsTheRecordIsStillCurrent()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var stored = await ProjectAsync(app, memberId);
        var time = (FakeTimeProvider)app.Get<TimeProvider>();
        time.Advance(TimeSpan.FromDays(400));
        session = MemberPageFlows.Session(TokenPurpose.Profile, app.Get<MemberTokenService>().Issue(memberId, 0, TokenPurpose.Profile));

        var confirmed = await PostAsync(app, $"/api/projects/{stored.Project.ProjectId}/confirm", [KeyValuePair.Create("version", stored.Version)], session);

        Assert.Equal(303, confirmed.Status);
        Assert.Equal($"/api/projects/{stored.Project.ProjectId}/edit?confirmed=1", confirmed.Headers.Location.ToString());
        var now = (await app.Get<ProjectStore>().GetAsync(stored.Project.ProjectId, Ct))!.Project;
        Assert.Equal(time.GetUtcNow(), now.LastConfirmedAt);
        Assert.Equal((ProjectReview.Approved, false, "Kisumu County"), (now.Review, now.EditedSinceReview, now.AdministrativeArea));
        Assert.Contains("the record is marked as current", (await GetAsync(app, confirmed.Headers.Location.ToString(), session)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherMembersPostsToSomeoneElsesProjectAreNotFoundAndChangeNothing()
    {
        await using var app = await CreateAppAsync(storage);
        var (ownerId, _) = await MemberAsync(app);
        var (_, intruder) = await MemberAsync(app);
        var stored = await ProjectAsync(app, ownerId);
        var version = KeyValuePair.Create("version", stored.Version);

        var edit = await PostAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", Filled().Append(version), intruder);
        var confirm = await PostAsync(app, $"/api/projects/{stored.Project.ProjectId}/confirm", [version], intruder);

        Assert.Equal((404, 404), (edit.Status, confirm.Status));
        Assert.DoesNotContain("Kisumu", edit.Body + confirm.Body, StringComparison.Ordinal);
        Assert.Equal(stored.Version, (await app.Get<ProjectStore>().GetAsync(stored.Project.ProjectId, Ct))!.Version);
    }

    [Fact]
    public async Task OwnerPostsAProgressNoteFromThePageAndARefusedOneComesBackAsTyped()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var stored = await ProjectAsync(app, memberId);
        var path = $"/api/projects/{stored.Project.ProjectId}/updates/new";
        KeyValuePair<string, string>[] note =
        [
            KeyValuePair.Create("progress-date", "2026-10-30"),
            KeyValuePair.Create("progress-language", "en"),
            KeyValuePair.Create("progress-text", "The second kiln is running; 40 farmers trained."),
            KeyValuePair.Create("progress-documentIds", ""),
        ];

        var refused = await PostAsync(app, path, note.Select(f => f.Key == "progress-date" ? KeyValuePair.Create(f.Key, "2099-01-01") : f), session);
        var posted = await PostAsync(app, path, note, session);
        var twice = await PostAsync(app, path, note, session);

        Assert.Equal(400, refused.Status);
        Assert.Contains("<li><a href=\"#progress-date\">", refused.Body, StringComparison.Ordinal);
        Assert.Contains("The second kiln is running; 40 farmers trained.</textarea>", refused.Body, StringComparison.Ordinal);
        Assert.Equal((303, 303), (posted.Status, twice.Status));
        Assert.Equal($"/api/projects/{stored.Project.ProjectId}/edit?posted=1", posted.Headers.Location.ToString());
        var progress = Assert.Single(await app.Get<ProjectProgressStore>().ListAsync(stored.Project.ProjectId, Ct));
        Assert.Equal((new DateOnly(2026, 10, 30), memberId), (progress.Date, progress.AuthorMemberId));
        Assert.Contains("Your progress note is posted.", (await GetAsync(app, posted.Headers.Location.ToString(), session)).Body, StringComparison.Ordinal);
    }
}
