using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Contacts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Projects.News;

/// <summary>Apps, members, projects and progress notes for the tests of the projects' newsletter sections, yearly confirmation and member data.</summary>
internal static class ProjectNewsTestFlows
{
    public const string BaseUrl = "https://cop.example.org";

    public static DateTimeOffset Start => ProjectTestData.Start;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app whose clock stands at <see cref="Start"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage)
    {
        var time = new FakeTimeProvider(Start);
        return (TestApp.Create(storage, time: time), time);
    }

    /// <summary>A confirmed member written straight to the store, in <paramref name="language"/>.</summary>
    public static async Task<MemberEntity> MemberAsync(TestApp app, string language = "en", MemberStatus status = MemberStatus.Confirmed)
    {
        var id = MemberStore.NewMemberId();
        var now = app.Get<TimeProvider>().GetUtcNow();
        var member = new MemberEntity
        {
            PartitionKey = id,
            EmailKey = "key-" + id,
            Email = $"farmer-{id}@example.org",
            Name = "Farmer",
            Language = language,
            Status = status.ToString(),
            CreatedAt = now.AddDays(-400),
            ConfirmedAt = status == MemberStatus.Confirmed ? now.AddDays(-399) : null,
        };
        Assert.True(await app.Get<MemberStore>().TryAddAsync(member, Ct));
        return member;
    }

    /// <summary>A project stored as <see cref="ProjectTestData.NewProject"/> makes it, changed by <paramref name="change"/>.</summary>
    public static async Task<StoredProject> ProjectAsync(TestApp app, string? contactMemberId, Func<Project, Project>? change = null) =>
        await app.Get<ProjectStore>().AddAsync(ProjectTestData.NewProject(contactMemberId, change), Ct);

    /// <summary>A progress note on <paramref name="projectId"/>, posted at <paramref name="postedAt"/>.</summary>
    public static async Task<ProjectProgress> NoteAsync(TestApp app, string projectId, string? authorMemberId, DateTimeOffset postedAt, string text = "Second kiln running; 40 farmers trained.")
    {
        var note = new ProjectProgress(projectId, ProjectProgressStore.NewUpdateId(), DateOnly.FromDateTime(postedAt.UtcDateTime), "en", text, [], authorMemberId, postedAt);
        await app.Get<ProjectProgressStore>().AddAsync(note, Ct);
        return note;
    }

    /// <summary>The projects' holder of member data, as the export and the erase find it among the others.</summary>
    public static ProjectsMemberData MemberData(TestApp app) => app.Services.GetServices<IMemberDataHolder>().OfType<ProjectsMemberData>().Single();

    public static IReadOnlyList<OutboxMessage> Mails(TestApp app, string category) =>
        [.. LocalOutbox.ReadAll(app.OutboxPath).Where(m => m.Category == category)];
}
