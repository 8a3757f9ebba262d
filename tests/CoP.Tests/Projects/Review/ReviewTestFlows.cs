using CoP.Functions.Projects.Progress;
using CoP.Functions.Projects.Review;
using CoP.Shared.Documents;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Projects.ProjectTestData;

namespace CoP.Tests.Projects.Review;

/// <summary>Projects and members written straight to their stores, and the review and progress routes, for the Review and Progress tests.</summary>
internal static class ReviewTestFlows
{
    /// <summary>A test app whose clock stands at <see cref="ProjectTestData.Start"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage)
    {
        var time = new FakeTimeProvider(Start);
        return (TestApp.Create(storage, time: time), time);
    }

    /// <summary>A project of <paramref name="contactMemberId"/> waiting for review (as a submission lands), changed as the test needs.</summary>
    public static async Task<string> PendingProjectAsync(TestApp app, string? contactMemberId, Func<Project, Project>? change = null)
    {
        var project = NewProject(contactMemberId, p =>
        {
            var pending = p with { Review = ProjectReview.Pending, ReviewedAt = null, ApprovedAt = null };
            return change is null ? pending : change(pending);
        });
        await app.Get<ProjectStore>().AddAsync(project, Ct);
        return project.ProjectId;
    }

    /// <summary>A confirmed member (or as <paramref name="status"/> says) with a token of <paramref name="purpose"/>.</summary>
    public static async Task<(string MemberId, string Token)> MemberAsync(
        TestApp app, string language = "en", MemberStatus status = MemberStatus.Confirmed, TokenPurpose purpose = TokenPurpose.Profile)
    {
        var id = MemberStore.NewMemberId();
        var now = app.Get<TimeProvider>().GetUtcNow();
        var member = new MemberEntity
        {
            PartitionKey = id,
            EmailKey = "key-" + id,
            Email = $"owner-{id}@example.org",
            Name = "Owner " + id[..6],
            Language = language,
            Status = status.ToString(),
            CreatedAt = now.AddDays(-2),
            ConfirmedAt = status == MemberStatus.Confirmed ? now.AddDays(-1) : null,
        };
        Assert.True(await app.Get<MemberStore>().TryAddAsync(member, Ct));
        return (id, app.Get<MemberTokenService>().Issue(id, 0, purpose, purpose == TokenPurpose.Vote ? "0123456789abcdef0123456789abcdef" : null));
    }

    public static async Task<string> DocumentAsync(TestApp app, DocumentStatus status)
    {
        var id = DocumentStore.NewDocumentId();
        await app.Get<DocumentStore>().AddAsync(new DocumentEntity { PartitionKey = id, Status = status.ToString(), Title = "Biochar trial results" }, Ct);
        return id;
    }

    public static async Task<Project> ProjectAsync(TestApp app, string projectId) =>
        (await app.Get<ProjectStore>().GetAsync(projectId, Ct) ?? throw new InvalidOperationException("The project is gone.")).Project;

    public static Task<TestResponse> ReviewAsync(TestApp app, string projectId, object body, string? ifMatch = null) =>
        ReviewRawAsync(app, projectId, System.Text.Json.JsonSerializer.Serialize(body), ifMatch);

    public static async Task<TestResponse> ReviewRawAsync(TestApp app, string projectId, string body, string? ifMatch = null, string contentType = "application/json")
    {
        var request = app.Raw("POST", $"/api/manage/projects/{projectId}/review", body, contentType);
        if (ifMatch is not null)
        {
            request.WithHeader("If-Match", ifMatch);
        }

        return await TestResponse.ExecuteAsync(await app.Function<ReviewProjectFunction>().ReviewProject(request, projectId, Ct), request);
    }

    public static Task<TestResponse> AddNoteAsync(TestApp app, string projectId, string? token, object body) =>
        AddNoteRawAsync(app, projectId, token, System.Text.Json.JsonSerializer.Serialize(body));

    public static async Task<TestResponse> AddNoteRawAsync(TestApp app, string projectId, string? token, string body, string contentType = "application/json")
    {
        var request = app.Raw("POST", $"/api/projects/{projectId}/updates", body, contentType);
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<AddProjectUpdateFunction>().AddProjectUpdate(request, projectId, Ct), request);
    }

    /// <summary>Delivers the queued mail and answers the outbox's mails of <paramref name="category"/>.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> MailsAsync(TestApp app, string category)
    {
        var drain = await app.DeliverQueuedMailAsync(Ct);
        Assert.Empty(drain.Failures);
        return [.. LocalOutbox.ReadAll(app.OutboxPath).Where(m => m.Category == category)];
    }
}
