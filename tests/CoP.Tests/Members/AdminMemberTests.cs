using CoP.Functions.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

public sealed class AdminMemberTests(StorageFixture storage)
{
    [Fact]
    public async Task ListMembersPagesAndFilters()
    {
        await using var app = TestApp.Create(storage);
        for (var i = 0; i < 5; i++)
        {
            await ConfirmedMemberAsync(app, $"member{i}@example.org");
        }

        await RegisterAsync(app, new { email = "pending@example.org", name = "Pending", consent = true, country = "FR", topics = new[] { "policy-alignment" } });

        var all = await ListAsync(app, "pageSize=4");
        Assert.Equal(4, all.Json().GetProperty("members").GetArrayLength());
        var next = all.Json().GetProperty("continuationToken").GetString();
        Assert.NotNull(next);
        var rest = await ListAsync(app, $"pageSize=4&continuationToken={next}");
        Assert.Equal(2, rest.Json().GetProperty("members").GetArrayLength());

        Assert.Equal(1, (await ListAsync(app, "status=pending")).Json().GetProperty("members").GetArrayLength());
        Assert.Equal(5, (await ListAsync(app, "status=confirmed&country=sn")).Json().GetProperty("members").GetArrayLength());
        Assert.Equal(1, (await ListAsync(app, "topic=policy-alignment")).Json().GetProperty("members").GetArrayLength());
    }

    [Theory]
    [InlineData("status=erased", "status")]
    [InlineData("country=XX", "country")]
    [InlineData("topic=Not_A_Slug", "topic")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=100000", "pageSize")]
    [InlineData("continuationToken=%%%", "continuationToken")]
    [InlineData("status=pending&status=confirmed", "status")]
    public async Task ListMembersRefusesBadFilters(string query, string field)
    {
        await using var app = TestApp.Create(storage);

        var response = await ListAsync(app, query);

        Assert.Equal(400, response.Status);
        Assert.True(response.Json().GetProperty("errors").TryGetProperty(field, out _), response.Body);
    }

    [Fact]
    public async Task ExportMembersStreamsCsvWithFormulaInjectionEscaped()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, new { email = "formula@example.org", name = "=HYPERLINK(\"http://evil.example\",\"x\")", organization = "+cmd|' /C calc'!A0", consent = true });
        await RegisterAsync(app, new { email = "plain@example.org", name = "Plain, \"Quoted\" Name", consent = true });
        var request = app.Get("/api/manage/members/export");

        var response = await TestResponse.ExecuteAsync(app.Function<ExportMembersFunction>().ExportMembers(request, Ct), request);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/csv", response.ContentType, StringComparison.Ordinal);
        var lines = response.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("memberId,email,name", lines[0], StringComparison.Ordinal);
        var formulaLine = lines.Single(l => l.Contains("formula@example.org", StringComparison.Ordinal));
        Assert.DoesNotContain(",=HYPERLINK", formulaLine, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", formulaLine, StringComparison.Ordinal);
        Assert.DoesNotContain(",+cmd", formulaLine, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"+cmd", formulaLine, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", formulaLine, StringComparison.Ordinal);
        Assert.Contains("\"Plain, \"\"Quoted\"\" Name\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EraseMemberErasesAndAnswersNotFoundAfterwards()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        Assert.Equal(204, (await EraseAsync(app, member.MemberId)).Status);
        Assert.Equal(404, (await EraseAsync(app, member.MemberId)).Status);
        Assert.Equal(400, (await EraseAsync(app, "../../etc")).Status);
        Assert.Null(await MemberByEmailAsync(app, member.Email));
        await app.DeliverQueuedMailAsync(Ct);
        Assert.Equal(1, app.Outbox().Count(m => m.Category == "erase-receipt"));
    }

    private static async Task<TestResponse> ListAsync(TestApp app, string query)
    {
        var request = app.Get($"/api/manage/members?{query}");
        return await TestResponse.ExecuteAsync(await app.Function<ListMembersFunction>().ListMembers(request, Ct), request);
    }

    private static async Task<TestResponse> EraseAsync(TestApp app, string memberId)
    {
        var request = TestRequests.Empty(app.Services, "DELETE", $"/api/manage/members/{memberId}");
        return await TestResponse.ExecuteAsync(await app.Function<EraseMemberFunction>().EraseMember(request, memberId, Ct), request);
    }
}
