using CoP.Functions.Projects.Pages;
using CoP.Shared.Projects;
using CoP.Tests.Http;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Projects.Pages;

/// <summary>Projects stored as if submitted and reviewed, and the project routes read as scripts and browsers read them.</summary>
internal static class ProjectPageFlows
{
    /// <summary>What Chrome and Firefox send when following a link.</summary>
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TestApp CreateApp(StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null) =>
        TestApp.Create(storage, settings, time: new FakeTimeProvider(ProjectTestData.Start));

    public static async Task<Project> AddAsync(TestApp app, Project project)
    {
        await app.Get<ProjectStore>().AddAsync(project, Ct);
        return project;
    }

    /// <summary>An approved project in another place, with a title and practices of its own.</summary>
    public static Project Elsewhere(string title, double latitude, double longitude, string country, params Practice[] practices) =>
        ProjectTestData.NewProject(change: p => p with
        {
            ProjectId = ProjectStore.NewProjectId(),
            Texts = new Dictionary<string, ProjectText> { ["en"] = new(title, null) },
            Countries = [country],
            AdministrativeArea = null,
            Location = p.Location with { Point = new(latitude, longitude) },
            Practices = practices,
            Carbon = new ProjectCarbon(CarbonStandard.None, null, null, null, null),
        });

    public static async Task<ProjectProgress> NoteAsync(TestApp app, string projectId, DateOnly date, string text, string? authorMemberId = "member-1", params string[] documentIds)
    {
        var note = new ProjectProgress(projectId, ProjectProgressStore.NewUpdateId(), date, "en", text, documentIds, authorMemberId, ProjectTestData.Start.AddMinutes(date.DayNumber % 1000));
        await app.Get<ProjectProgressStore>().AddAsync(note, Ct);
        return note;
    }

    /// <summary>A confirmed member and their profile token (as a newsletter's profile link carries it).</summary>
    public static Task<(string MemberId, string ProfileToken)> MemberAsync(TestApp app) => Events.Pages.EventPageFlows.MemberAsync(app);

    /// <summary>A browser's GET of a project route, sending <paramref name="cookies"/>.</summary>
    public static Task<TestResponse> BrowserGetAsync(TestApp app, string pathAndQuery, params (string Name, string Value)[] cookies)
    {
        var request = app.Get(pathAndQuery).WithHeader("Accept", BrowserAccept);
        if (cookies.Length > 0)
        {
            request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        }

        return RunAsync(app, request);
    }

    /// <summary>A script's GET of a project route, with a Bearer token if given.</summary>
    public static Task<TestResponse> JsonGetAsync(TestApp app, string pathAndQuery, string? token = null)
    {
        var request = app.Get(pathAndQuery).WithHeader("Accept", "application/json");
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return RunAsync(app, request);
    }

    private static Task<TestResponse> RunAsync(TestApp app, HttpRequest request)
    {
        var path = request.Path.Value!;
        var projectId = path.StartsWith("/api/projects/", StringComparison.Ordinal) ? path["/api/projects/".Length..] : null;
        return projectId is null
            ? WorkerPipeline.RunAsync(app, request, r => app.Function<ListProjectsFunction>().ListProjects(r, Ct), "ListProjects")
            : WorkerPipeline.RunAsync(app, request, r => app.Function<GetProjectFunction>().GetProject(r, projectId, Ct), "GetProject");
    }
}
