using System.Text.RegularExpressions;
using CoP.Functions.Projects.Forms;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Topics;
using CoP.Tests.Http;
using CoP.Tests.Members;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Projects.Forms;

/// <summary>The member's project forms driven as a browser drives them: pages read with the session's cookie, forms posted with it.</summary>
internal static partial class ProjectFormFlows
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app whose clock stands at <see cref="ProjectTestData.Start"/>, with the topics the forms offer.</summary>
    public static async Task<TestApp> CreateAppAsync(StorageFixture storage)
    {
        var app = TestApp.Create(storage, time: new FakeTimeProvider(ProjectTestData.Start));
        await app.Get<TopicStore>().UpsertAsync("biochar", "Biochar", null, Ct);
        await app.Get<TopicStore>().UpsertAsync("soil-carbon", "Soil carbon", null, Ct);
        return app;
    }

    /// <summary>A confirmed member written straight to the store, and the session cookie their profile link gives a browser.</summary>
    public static async Task<(string MemberId, (string Name, string Value) Session)> MemberAsync(TestApp app, string language = "en")
    {
        var (memberId, _) = await Events.Registrations.EventRegistrationTestFlows.MemberAsync(app, language: language);
        return (memberId, MemberPageFlows.Session(TokenPurpose.Profile, app.Get<MemberTokenService>().Issue(memberId, 0, TokenPurpose.Profile)));
    }

    /// <summary>The member's approved project written straight to the store (<see cref="ProjectTestData.NewProject"/>).</summary>
    public static async Task<StoredProject> ProjectAsync(TestApp app, string memberId, Func<Project, Project>? change = null) =>
        await app.Get<ProjectStore>().AddAsync(ProjectTestData.NewProject(memberId, change), Ct);

    /// <summary>The fields of a complete new project, as a member fills the form; <paramref name="change"/> alters them.</summary>
    public static Dictionary<string, string> Filled(Action<Dictionary<string, string>>? change = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["texts-en-title"] = "Cover crops in the Beauce",
            ["texts-en-summary"] = "Twelve farms sow cover crops between wheat and maize.",
            ["texts-fr-title"] = "Couverts végétaux en Beauce",
            ["texts-fr-summary"] = "",
            ["texts-es-title"] = "",
            ["texts-es-summary"] = "",
            ["topics"] = "soil-carbon",
            ["status"] = "implementation",
            ["plannedStart"] = "2024-09-01",
            ["plannedEnd"] = "2027-08-31",
            ["actualStart"] = "2024-10-01",
            ["actualEnd"] = "",
            ["countries"] = "FR",
            ["administrativeArea"] = "Eure-et-Loir",
            ["location-latitude"] = "48.4469",
            ["location-longitude"] = "1.4892",
            ["exactness"] = "approximate",
            ["publicPrecision"] = "0.1",
            ["boundary"] = "",
            ["areaHectares"] = "850",
            ["landUse"] = "cropland",
            ["practices"] = "cover-crops",
            ["carbon-standard"] = "vcs",
            ["carbon-methodology"] = "VM0042",
            ["carbon-registryId"] = "",
            ["carbon-registryUrl"] = "",
            ["carbon-expectedTco2ePerYear"] = "1200",
            ["organisations-0-name"] = "Beauce Sols Vivants",
            ["organisations-0-role"] = "implementing",
            ["organisations-0-reference"] = "",
            ["organisations-1-name"] = "",
            ["organisations-1-role"] = "",
            ["organisations-1-reference"] = "",
            ["rioMarkers-mitigation"] = "principal",
            ["rioMarkers-adaptation"] = "significant",
            ["rioMarkers-desertification"] = "not-targeted",
            ["documentIds"] = "",
        };
        change?.Invoke(fields);
        return fields;
    }

    /// <summary>A browser's GET of a project form page, sending <paramref name="cookies"/>.</summary>
    public static Task<TestResponse> GetAsync(TestApp app, string pathAndQuery, params (string Name, string Value)[] cookies)
    {
        var request = MemberPageFlows.BrowserGet(app, pathAndQuery, cookies);
        var projectId = ProjectIdOf(request.Path.Value!);
        return projectId is null
            ? WorkerPipeline.RunAsync(app, request, r => app.Function<ShowProjectFormFunction>().ShowProjectForm(r, Ct), "ShowProjectForm")
            : WorkerPipeline.RunAsync(app, request, r => app.Function<ShowProjectEditFormFunction>().ShowProjectEditForm(r, projectId, Ct), "ShowProjectEditForm");
    }

    /// <summary>The hidden version field of an edit page.</summary>
    public static string Version(string body) =>
        System.Net.WebUtility.HtmlDecode(VersionInput().Match(body) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No version field."));

    public static string? ProjectIdOf(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["api", "projects", var id, ..] && id != "new" ? id : null;

    [GeneratedRegex("<input type=\"hidden\" name=\"version\" value=\"([^\"]*)\">")]
    private static partial Regex VersionInput();
}
