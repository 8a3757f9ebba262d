using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using CoP.Functions.Projects.Submission;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Storage;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Events.Registrations.EventRegistrationTestFlows;

namespace CoP.Tests.Projects.Submission;

/// <summary>Members and the submission routes driven the way a member's script drives them, for this folder's tests.</summary>
internal static class SubmissionTestFlows
{
    public const string Operators = "ops-one@example.org; Ops-Two@example.org";

    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>A test app with two operators, whose clock stands at <see cref="Now"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage)
    {
        var time = new FakeTimeProvider(Now);
        return (TestApp.Create(storage, new Dictionary<string, string?> { ["Console:Operators"] = Operators }, time: time), time);
    }

    /// <summary>A confirmed member with a profile link (the link newsletters carry, which allows mapping projects).</summary>
    public static Task<(string MemberId, string Token)> OwnerAsync(TestApp app, TokenPurpose purpose = TokenPurpose.Profile) =>
        MemberAsync(app, purpose: purpose);

    public static async Task<TestResponse> SubmitAsync(TestApp app, string? token, JsonNode definition) =>
        await SubmitRawAsync(app, token, definition.ToJsonString(), "application/json");

    public static async Task<TestResponse> SubmitRawAsync(TestApp app, string? token, string body, string? contentType)
    {
        var request = app.Raw("POST", "/api/projects", body, contentType);
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<SubmitProjectFunction>().SubmitProject(request, Ct), request);
    }

    /// <summary>Submits <paramref name="definition"/> and answers the project's id and version.</summary>
    public static async Task<(string ProjectId, string Version)> SubmittedAsync(TestApp app, string token, JsonNode definition)
    {
        var response = await SubmitAsync(app, token, definition);
        Assert.True(response.Status == 201, response.Body);
        return (response.Json().GetProperty("projectId").GetString()!, response.Headers.ETag.ToString());
    }

    public static async Task<TestResponse> PatchAsync(
        TestApp app, string projectId, string? token, string patch, string? ifMatch, string contentType = "application/merge-patch+json")
    {
        var request = app.Raw("PATCH", $"/api/projects/{projectId}", patch, contentType);
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        if (ifMatch is not null)
        {
            request.WithHeader("If-Match", ifMatch);
        }

        return await TestResponse.ExecuteAsync(await app.Function<UpdateProjectFunction>().UpdateProject(request, projectId, Ct), request);
    }

    /// <summary>The blobs of the boundary container (none when it was never created).</summary>
    public static async Task<IReadOnlyList<string>> BoundaryBlobsAsync(TestApp app)
    {
        var container = app.Get<BlobServiceClient>().GetBlobContainerClient(app.Get<StorageNames>().ProjectBoundariesContainer);
        if (!await container.ExistsAsync(Ct))
        {
            return [];
        }

        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static IReadOnlyList<OutboxMessage> Mails(TestApp app, string category) =>
        [.. LocalOutbox.ReadAll(app.OutboxPath).Where(m => m.Category == category)];
}
