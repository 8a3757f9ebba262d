using System.Net;
using CoP.Shared.Console;
using CoP.Shared.Projects;
using CoP.Tests.Browser;
using CoP.Tests.Projects;
using static CoP.Tests.Console.ConsoleClient;
using static CoP.Tests.Console.ConsoleProjectFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The console's projects area over real HTTP, reading: the review queue, the projects needing a contact and the table
/// (no contact named on a list), a project's page with every field, the exact point and the contact's member id, what
/// members typed encoded, and the overview's count.
/// </summary>
public sealed class ConsoleProjectsTests(StorageFixture storage)
{
    private const string Unknown = "0123456789abcdef0123456789abcdef";

    /// <summary>Every route of the projects area, for <see cref="ConsoleAccessTests"/>.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/projects"),
        ("GET", $"/api/console/projects/{Unknown}"),
        ("POST", $"/api/console/projects/{Unknown}/review"),
        ("POST", $"/api/console/projects/{Unknown}/contact"),
    ];

    [Fact]
    public async Task TheQueueListsPendingAndChangedProjectsAndThoseNeedingAContactWithoutNamingAContact()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var pending = await StoreAsync(host, "contact-of-pending", p => Pending(p) with { Texts = Title("Compost in Thiès") });
        var edited = await StoreAsync(host, "contact-of-edited", p => p with { Texts = Title("Cover crops in Rift Valley"), EditedSinceReview = true });
        var orphan = await StoreAsync(host, null, p => p with { Texts = Title("Agroforestry in Kakamega") });
        var settled = await StoreAsync(host, "contact-of-settled", p => p with { Texts = Title("Grazing in Laikipia") });
        using var client = await SignInAsync(host);

        using var answer = await client.GetAsync("/api/console/projects");
        var html = await answer.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var sections = html.Split("<h2>");
        Assert.Contains($"<a href=\"/api/console/projects/{pending.Project.ProjectId}\">Compost in Thiès</a>", sections[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Grazing in Laikipia", sections[1], StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/console/projects/{edited.Project.ProjectId}\">Cover crops in Rift Valley</a>", sections[2], StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/console/projects/{orphan.Project.ProjectId}\">Agroforestry in Kakamega</a>", sections[3], StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/console/projects/{settled.Project.ProjectId}\">Grazing in Laikipia</a>", sections[4], StringComparison.Ordinal);
        Assert.DoesNotContain("contact-of-", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/console/projects\" aria-current=\"page\">Projects</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProjectPageShowsEveryFieldTheExactPointTheBoundaryBoxTheNotesAndTheContactsConsolePage()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var stored = await StoreAsync(host, "4f1c0e2d9b8a7f6e5d4c3b2a19081726", p => p with
        {
            Boundary = new ProjectBoundary("boundaries/x.geojson", 34.70, -0.15, 34.83, -0.03, 118.25),
            ReviewNote = null,
        });
        var projectId = stored.Project.ProjectId;
        await host.App.Get<ProjectProgressStore>().AddAsync(
            new ProjectProgress(projectId, ProjectProgressStore.NewUpdateId(), new DateOnly(2026, 6, 1), "en", "Second kiln built.\nFirst batch applied.", [], "4f1c0e2d9b8a7f6e5d4c3b2a19081726", ProjectTestData.Start),
            Ct);
        using var client = await SignInAsync(host);

        using var answer = await client.GetAsync($"/api/console/projects/{projectId}");
        var html = await answer.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        foreach (var shown in new[]
        {
            "Biochar for smallholders in Kisumu", "Biochar pour les petits exploitants de Kisumu", "Kilns built with farmer groups; biochar mixed with compost.",
            "XM-DAC-41114-PROJECT-00123", "2025-01-01", "2028-12-31", "2025-03-01", "KE", "Kisumu County", "120.5 ha", "Cropland", "Biochar, Compost and manure",
            "Mitigation: principal; adaptation: significant; desertification: not targeted",
            "-0.0917, 34.768", "-0.1, 34.8", "rounded to 0.1°", "West 34.7, south -0.15, east 34.83, north -0.03; 118.25 ha",
            "Verified Carbon Standard (Verra)", "VM0044", "4321", "https://registry.verra.org/app/projectDetail/VCS/4321", "850 tCO2e per year",
            "Soil Trust: funding", "Kisumu Farmers&#x27; Union: implementing", "Second kiln built.", "First batch applied.", "2026-06-01",
        })
        {
            Assert.Contains(shown, html, StringComparison.Ordinal);
        }

        Assert.Contains("href=\"/api/console/members/4f1c0e2d9b8a7f6e5d4c3b2a19081726\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/projects/{projectId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/console/projects/{projectId}/review\"", html, StringComparison.Ordinal);
        Assert.Equal(stored.Version, await VersionOnPageAsync(client, projectId));
        Assert.Contains("https://www.openstreetmap.org/?mlat=-0.0917&amp;mlon=34.768", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatTheOwnerTypedIsEncodedAndAPendingProjectHasNoPublicPage()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var stored = await StoreAsync(host, change: p => Pending(p) with
        {
            Texts = new Dictionary<string, ProjectText> { ["en"] = new("<script>alert(1)</script>", "<img src=x onerror=alert(2)>") },
            Organisations = [new ProjectOrganisation("<b>Bold</b>", OrganisationRole.Funding, null)],
        });
        using var client = await SignInAsync(host);

        using var list = await client.GetAsync("/api/console/projects");
        using var page = await client.GetAsync($"/api/console/projects/{stored.Project.ProjectId}");
        var htmls = new[] { await list.Content.ReadAsStringAsync(Ct), await page.Content.ReadAsStringAsync(Ct) };

        Assert.All(htmls, html =>
        {
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("<img src=x", htmls[1], StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Bold", htmls[1], StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/api/projects/{stored.Project.ProjectId}\"", htmls[1], StringComparison.Ordinal);
        Assert.Contains("waiting for review", htmls[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Unknown)]
    [InlineData("not-a-project-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public async Task AnUnknownOrMalformedIdGetsTheMissingPage(string projectId)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var answer = await client.GetAsync($"/api/console/projects/{projectId}");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("There is no project with this address.", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOverviewCountsProjectsAwaitingReviewAndNeedingAContact()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        await StoreAsync(host, change: Pending);
        await StoreAsync(host, change: p => p with { EditedSinceReview = true });
        await StoreAsync(host, null);
        await StoreAsync(host);
        using var client = await SignInAsync(host);

        var figures = await host.App.Get<ConsoleOverview>().ReadAsync(Ct);
        using var page = await client.GetAsync("/api/console?lang=fr");
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal((2, 1), (figures.ProjectsAwaitingReview, figures.ProjectsNeedingContact));
        Assert.Contains("2 projet(s) à examiner", html, StringComparison.Ordinal);
        Assert.Contains("1 projet(s) sans contact", html, StringComparison.Ordinal);
        Assert.Contains(">Projets</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "En attente d’examen", "Ce que le responsable a écrit")]
    [InlineData("es", "Pendientes de revisión", "Lo que escribió el responsable")]
    public async Task TheListAndThePageSpeakThePagesLanguage(string language, string listHeading, string pageHeading)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var stored = await StoreAsync(host, change: Pending);
        using var client = await SignInAsync(host);

        using var list = await client.GetAsync($"/api/console/projects?lang={language}");
        using var page = await client.GetAsync($"/api/console/projects/{stored.Project.ProjectId}?lang={language}");

        Assert.Contains(listHeading, await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains(pageHeading, await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static Dictionary<string, ProjectText> Title(string title) => new() { ["en"] = new(title, null) };
}
