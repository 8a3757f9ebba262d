using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Progress;
using static CoP.Tests.Projects.ProjectTestData;
using static CoP.Tests.Projects.Review.ReviewTestFlows;

namespace CoP.Tests.Projects.Progress;

/// <summary>Progress notes on Azurite: the owner posts, everyone else is refused, the same note twice is one note.</summary>
public sealed class ProjectProgressTests(StorageFixture storage)
{
    [Fact]
    public async Task TheOwnerAddsADatedNoteWithAPublishedDocumentAndItIsOnTheTimeline()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId, p => p with { Review = ProjectReview.Approved });
        var documentId = await DocumentAsync(app, DocumentStatus.Published);

        var answer = await AddNoteAsync(app, projectId, token, new { date = "2026-10-15", language = "fr", text = "  Premier four construit.\r\n\r\n\r\nLivré à 12 fermes. ", documentIds = new[] { documentId } });

        Assert.Equal(201, answer.Status);
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        var note = Assert.Single(await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
        Assert.Equal(answer.Json().GetProperty("updateId").GetString(), note.UpdateId);
        Assert.Equal(new DateOnly(2026, 10, 15), note.Date);
        Assert.Equal("fr", note.Language);
        Assert.Equal("Premier four construit.\n\nLivré à 12 fermes.", note.Text);
        Assert.Equal([documentId], note.DocumentIds);
        Assert.Equal(ownerId, note.AuthorMemberId);
        Assert.Equal(Start, note.PostedAt);
        Assert.DoesNotContain(ownerId, answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APendingProjectTakesNotesAndTheLanguageIsEnglishWhenNotGiven()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        var answer = await AddNoteAsync(app, projectId, token, new { date = "2026-11-03", text = "Soil samples taken." });

        Assert.Equal(201, answer.Status);
        Assert.Equal("en", answer.Json().GetProperty("language").GetString());
    }

    [Fact]
    public async Task TheSameNoteTwiceAtOnceIsOneNoteAndBothAnswersNameIt()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        var note = new { date = "2026-10-01", language = "en", text = "Cover crops sown on 40 ha." };

        var answers = await Task.WhenAll(AddNoteAsync(app, projectId, token, note), AddNoteAsync(app, projectId, token, note), AddNoteAsync(app, projectId, token, note));

        Assert.Equal([200, 200, 201], answers.Select(a => a.Status).Order());
        var stored = Assert.Single(await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
        Assert.All(answers, a => Assert.Equal(stored.UpdateId, a.Json().GetProperty("updateId").GetString()));
    }

    [Fact]
    public async Task AnotherNoteOnAnotherDayIsANewNoteAndTheTimelineKeepsPostingOrder()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        await AddNoteAsync(app, projectId, token, new { date = "2026-10-01", text = "Cover crops sown." });
        time.Advance(TimeSpan.FromHours(1));
        await AddNoteAsync(app, projectId, token, new { date = "2026-10-02", text = "Cover crops sown." });

        var notes = await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct);
        Assert.Equal([new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)], notes.Select(n => n.Date));
        Assert.Equal(2, (await app.Get<ProjectProgressStore>().ListPostedSinceAsync(Start.AddDays(-1), Ct)).Count);
        Assert.Equal(2, (await app.Get<ProjectProgressStore>().ListByAuthorAsync(ownerId, Ct)).Count);
    }

    [Fact]
    public async Task SomeoneElsesProjectIsForbiddenAndAnUnknownOneNotFound()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var (_, otherToken) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        var note = new { date = "2026-10-01", text = "Not mine." };

        var forbidden = await AddNoteAsync(app, projectId, otherToken, note);
        var unknown = await AddNoteAsync(app, ProjectStore.NewProjectId(), otherToken, note);

        Assert.Equal(403, forbidden.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Empty(await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
    }

    [Fact]
    public async Task AMissingWrongOrOtherPurposeTokenIsRefused()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var (_, voteToken) = await MemberAsync(app, purpose: TokenPurpose.Vote);
        var projectId = await PendingProjectAsync(app, ownerId);
        var note = new { date = "2026-10-01", text = "Sown." };

        var missing = await AddNoteAsync(app, projectId, null, note);
        var forged = await AddNoteAsync(app, projectId, "v1.forged.token", note);
        var vote = await AddNoteAsync(app, projectId, voteToken, note);

        Assert.Equal(401, missing.Status);
        Assert.Equal(401, forged.Status);
        Assert.Equal(403, vote.Status);
        Assert.Empty(await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
    }

    [Fact]
    public async Task ARejectedProjectTakesNoNotes()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId, p => p with { Review = ProjectReview.Rejected, ReviewNote = "Add the area." });

        var answer = await AddNoteAsync(app, projectId, token, new { date = "2026-10-01", text = "Sown." });

        Assert.Equal(409, answer.Status);
        Assert.Empty(await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
    }

    [Theory]
    [InlineData("""{"date":"2026-11-04","text":"Tomorrow's news."}""", "date")]
    [InlineData("""{"date":"1989-12-31","text":"Too early."}""", "date")]
    [InlineData("""{"date":"02/10/2026","text":"US date."}""", "date")]
    [InlineData("""{"date":"2026-02-30","text":"No such day."}""", "date")]
    [InlineData("""{"date":20261001,"text":"A number."}""", "date")]
    [InlineData("""{"text":"No date."}""", "date")]
    [InlineData("""{"date":"2026-10-01"}""", "text")]
    [InlineData("""{"date":"2026-10-01","text":"  \u200B "}""", "text")]
    [InlineData("""{"date":"2026-10-01","text":"Hidden \u202Etxt.exe"}""", "text")]
    [InlineData("""{"date":"2026-10-01","text":"Bell \u0007"}""", "text")]
    [InlineData("""{"date":"2026-10-01","text":["a"]}""", "text")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","language":"de"}""", "language")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","language":"EN"}""", "language")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","authorMemberId":"someone-else"}""", "authorMemberId")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","postedAt":"2020-01-01T00:00:00Z"}""", "postedAt")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","text":"Again"}""", "text")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","documentIds":"0123456789abcdef0123456789abcdef"}""", "documentIds")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","documentIds":["../../etc/passwd"]}""", "documentIds[0]")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","documentIds":[null]}""", "documentIds[0]")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","documentIds":["0123456789abcdef0123456789abcdef"]}""", "documentIds[0]")]
    [InlineData("""{"date":"2026-10-01","text":"Hi","documentIds":["0123456789abcdef0123456789abcdef","0123456789abcdef0123456789abcdef"]}""", "documentIds[1]")]
    [InlineData("""[{"date":"2026-10-01","text":"Hi"}]""", "body")]
    [InlineData("""{"date":"2026-10-01","text":"Hi",}""", "body")]
    public async Task ABadNoteIsRefusedNamingTheFieldAndNothingIsStored(string body, string field)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        var answer = await AddNoteRawAsync(app, projectId, token, body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.True(answer.Json().GetProperty("errors").TryGetProperty(field, out _), answer.Body);
        Assert.Empty(await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
    }

    [Fact]
    public async Task AnUnpublishedDocumentATextTooLongAndTooManyDocumentsAreRefused()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        var pending = await DocumentAsync(app, DocumentStatus.PendingReview);

        var unpublished = await AddNoteAsync(app, projectId, token, new { date = "2026-10-01", text = "Report", documentIds = new[] { pending } });
        var tooLong = await AddNoteAsync(app, projectId, token, new { date = "2026-10-01", text = new string('é', ProgressRules.MaxTextLength + 1) });
        var tooMany = await AddNoteAsync(app, projectId, token, new { date = "2026-10-01", text = "Many", documentIds = Enumerable.Range(0, ProgressRules.MaxDocuments + 1).Select(_ => DocumentStore.NewDocumentId()) });
        var notJson = await AddNoteRawAsync(app, projectId, token, "date=2026-10-01&text=Hi", "application/x-www-form-urlencoded");
        var huge = await AddNoteRawAsync(app, projectId, token, $"{{\"date\":\"2026-10-01\",\"text\":\"{new string('a', 40_000)}\"}}");

        Assert.Equal(400, unpublished.Status);
        Assert.True(unpublished.Json().GetProperty("errors").TryGetProperty("documentIds[0]", out _));
        Assert.Equal(400, tooLong.Status);
        Assert.Equal(400, tooMany.Status);
        Assert.Equal(415, notJson.Status);
        Assert.Equal(413, huge.Status);
        Assert.Empty(await app.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
    }

    [Fact]
    public async Task TheRulesReadAFormMappedToTheSameShape()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""{"date":"2026-10-01","language":"es","text":"Biochar aplicado.","documentIds":[]}""");

        var parsed = ProgressRules.Parse(json.RootElement);

        var valid = Assert.IsType<CoP.Shared.Validation.Validated<ProgressDefinition>.Valid>(parsed);
        Assert.Equal(new DateOnly(2026, 10, 1), valid.Value.Date);
        Assert.Equal("es", valid.Value.Language);
        Assert.Empty(valid.Value.DocumentIds);
    }
}
