using System.Diagnostics;
using System.Text.Json;
using CoP.TestSupport;

namespace CoP.Tests.Infrastructure;

/// <summary>
/// The azd hooks (infra/hooks), run as azd runs them, under sh and under PowerShell, against a fake <c>az</c> on PATH
/// (FakeAz/az) that records every call and answers from a state directory: not found, soft-deleted, throttled,
/// forbidden, a stale function list.
/// </summary>
public sealed class DeployHookTests : IDisposable
{
    private const string Subscription = "5f1c2d3e-0000-4000-8000-00000000c0p1";
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly string[] Secrets = ["privacy-hash-key", "privacy-ballot-key", "token-signing-key-key1"];

    private readonly string _work = Directory.CreateTempSubdirectory("cop-hooks-").FullName;

    public static TheoryData<string> Shells => new("sh", "pwsh");

    private string State => Path.Combine(_work, "state");

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostprovisionCreatesEachMissingSecretOnceAndRefreshesTheAppsReferences(string shell)
    {
        var run = await RunAsync(shell, "postprovision");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var secret in Secrets)
        {
            Assert.Single(run.Calls, c => c.StartsWith($"keyvault secret set ", StringComparison.Ordinal) && c.Contains($"--name {secret} ", StringComparison.Ordinal));
            Assert.True(File.ReadAllText(Path.Combine(State, "secrets", secret)).Length >= 64);
        }

        Assert.Single(run.Calls, c => c.StartsWith("rest --method post", StringComparison.Ordinal) && c.Contains("/sites/func-test/config/configreferences/appsettings/refresh", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Calls, c => c.Contains("--value", StringComparison.Ordinal) || c.Contains("restart", StringComparison.Ordinal));
        AssertEveryCallNamesTheSubscription(run);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostprovisionRunAgainChangesNothing(string shell)
    {
        Assert.Equal(0, (await RunAsync(shell, "postprovision")).ExitCode);
        var values = Secrets.ToDictionary(s => s, s => File.ReadAllText(Path.Combine(State, "secrets", s)));

        var again = await RunAsync(shell, "postprovision");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain(again.Calls, c => c.StartsWith("keyvault secret set", StringComparison.Ordinal) || c.StartsWith("rest", StringComparison.Ordinal) || c.StartsWith("keyvault secret recover", StringComparison.Ordinal));
        Assert.All(Secrets, s => Assert.Equal(values[s], File.ReadAllText(Path.Combine(State, "secrets", s))));
        AssertEveryCallNamesTheSubscription(again);
    }

    [Theory]
    [InlineData("sh", "throttle")]
    [InlineData("sh", "forbidden")]
    [InlineData("pwsh", "throttle")]
    [InlineData("pwsh", "forbidden")]
    public async Task PostprovisionFailsAndWritesNoSecretWhenKeyVaultAnswersAnythingButNotFound(string shell, string failure)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "fail"), failure);

        var run = await RunAsync(shell, "postprovision");

        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("keyvault secret set", StringComparison.Ordinal) || c.StartsWith("keyvault secret recover", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(State, "secrets")));
        Assert.Contains(failure == "throttle" ? "Throttled" : "Forbidden", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostprovisionRecoversASoftDeletedSecretInsteadOfWritingANewOne(string shell)
    {
        Directory.CreateDirectory(Path.Combine(State, "deleted"));
        File.WriteAllText(Path.Combine(State, "deleted", "privacy-hash-key"), "the-key-every-lookup-depends-on");

        var run = await RunAsync(shell, "postprovision");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("the-key-every-lookup-depends-on", File.ReadAllText(Path.Combine(State, "secrets", "privacy-hash-key")));
        Assert.Single(run.Calls, c => c.StartsWith("keyvault secret recover", StringComparison.Ordinal) && c.Contains("--name privacy-hash-key ", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("keyvault secret set", StringComparison.Ordinal) && c.Contains("--name privacy-hash-key ", StringComparison.Ordinal));
        Assert.Equal(2, run.Calls.Count(c => c.StartsWith("keyvault secret set", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostdeploySubscribesIngestDocumentWithRetriesAndDeadLetteringOnceTheListCatchesUp(string shell)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "functions"), "DeliverEmail\nIngestDocument\n");
        File.WriteAllText(Path.Combine(State, "stale-calls"), "2");

        var run = await RunAsync(shell, "postdeploy");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, run.Calls.Count(c => c.StartsWith("functionapp function show", StringComparison.Ordinal)));
        var put = Assert.Single(run.Calls, c => c.StartsWith("rest --method put", StringComparison.Ordinal));
        Assert.Contains("/systemTopics/evgt-test/eventSubscriptions/uploads-to-ingestdocument?", put, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-blobs-extension-key", string.Join('\n', run.Calls), StringComparison.Ordinal);

        using var body = JsonDocument.Parse(File.ReadAllText(Path.Combine(State, "last-body.json")));
        var properties = body.RootElement.GetProperty("properties");
        Assert.Equal(
            "https://func-test.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.IngestDocument&code=fake-blobs-extension-key",
            properties.GetProperty("destination").GetProperty("properties").GetProperty("endpointUrl").GetString());
        Assert.Equal("/blobServices/default/containers/uploads/", properties.GetProperty("filter").GetProperty("subjectBeginsWith").GetString());
        Assert.Equal(30, properties.GetProperty("retryPolicy").GetProperty("maxDeliveryAttempts").GetInt32());
        Assert.Equal(1440, properties.GetProperty("retryPolicy").GetProperty("eventTimeToLiveInMinutes").GetInt32());
        var deadLetter = properties.GetProperty("deadLetterWithResourceIdentity");
        Assert.Equal("SystemAssigned", deadLetter.GetProperty("identity").GetProperty("type").GetString());
        var destination = deadLetter.GetProperty("deadLetterDestination").GetProperty("properties");
        Assert.Equal("upload-events-deadletter", destination.GetProperty("blobContainerName").GetString());
        Assert.Equal($"/subscriptions/{Subscription}/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/sttest", destination.GetProperty("resourceId").GetString());
        AssertEveryCallNamesTheSubscription(run);
    }

    [Theory]
    [InlineData("sh", 2, true)]
    [InlineData("sh", 9, false)]
    [InlineData("pwsh", 2, true)]
    [InlineData("pwsh", 9, false)]
    public async Task PostdeployTriesTheSubscriptionAgainWhenEventGridsWebhookHandshakeFails(string shell, int failures, bool succeeds)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "functions"), "IngestDocument\n");
        File.WriteAllText(Path.Combine(State, "put-failures"), failures.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var run = await RunAsync(shell, "postdeploy");

        Assert.True(succeeds ? run.ExitCode == 0 : run.ExitCode != 0, run.ToString());
        Assert.Equal(succeeds ? failures + 1 : 5, run.Calls.Count(c => c.StartsWith("rest --method put", StringComparison.Ordinal)));
        if (!succeeds)
        {
            Assert.Contains("Webhook validation handshake failed", run.Output, StringComparison.Ordinal);
        }

        AssertEveryCallNamesTheSubscription(run);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostdeployFailsWhenIngestDocumentIsNeverListed(string shell)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "functions"), "DeliverEmail\n");

        var run = await RunAsync(shell, "postdeploy");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("IngestDocument is not among the functions", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("rest", StringComparison.Ordinal));
        AssertEveryCallNamesTheSubscription(run);
    }

    [Theory]
    [InlineData("sh", "postprovision")]
    [InlineData("sh", "postdeploy")]
    [InlineData("pwsh", "postprovision")]
    [InlineData("pwsh", "postdeploy")]
    public async Task HookRefusesToRunWithoutAzdsSubscription(string shell, string hook)
    {
        var run = await RunAsync(shell, hook, environment => environment.Remove("AZURE_SUBSCRIPTION_ID"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AZURE_SUBSCRIPTION_ID is not set", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Calls);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostprovisionFailsAndWritesNoSecretWhenReadingDeletedSecretsIsForbidden(string shell)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "show-deleted"), "forbidden");

        var run = await RunAsync(shell, "postprovision");

        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("keyvault secret set", StringComparison.Ordinal) || c.StartsWith("rest", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(State, "secrets")));
        Assert.Contains("could not tell whether secret privacy-hash-key", run.Output, StringComparison.Ordinal);
        Assert.Contains("Forbidden", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostprovisionSkipsEmptyNamesWhenTheListHasDoubleOrTrailingCommas(string shell)
    {
        var run = await RunAsync(shell, "postprovision", environment => environment["GENERATED_SECRET_NAMES"] = "privacy-hash-key,,privacy-ballot-key,");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Calls.Count(c => c.StartsWith("keyvault secret set", StringComparison.Ordinal)));
        Assert.DoesNotContain(run.Calls, c => c.Contains("--name  ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sh", "postprovision")]
    [InlineData("sh", "postdeploy")]
    [InlineData("pwsh", "postprovision")]
    [InlineData("pwsh", "postdeploy")]
    public async Task HookSucceedsWhenRunFromAnotherDirectoryWithSpacesInTmpdirAndWarningsOnStderr(string shell, string hook)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "warn"), "");
        File.WriteAllText(Path.Combine(State, "functions"), "IngestDocument\n");
        var temporary = Directory.CreateDirectory(Path.Combine(_work, "temp with spaces")).FullName;
        var elsewhere = Directory.CreateDirectory(Path.Combine(_work, "elsewhere")).FullName;

        var run = await RunAsync(shell, hook, environment => environment["TMPDIR"] = temporary + Path.DirectorySeparatorChar, elsewhere);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Calls, c => c.StartsWith(hook == "postprovision" ? "keyvault secret set" : "rest --method put", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporary));
        AssertEveryCallNamesTheSubscription(run);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task PostdeployPercentEncodesTheKeyWhenItHoldsCharactersThatNeedEscaping(string shell)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "functions"), "IngestDocument\n");
        File.WriteAllText(Path.Combine(State, "key"), "k\"e\\y+/a&b=%==~_.-Zz09\n");

        var run = await RunAsync(shell, "postdeploy");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var body = JsonDocument.Parse(File.ReadAllText(Path.Combine(State, "last-body.json")));
        Assert.Equal(
            "https://func-test.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.IngestDocument&code=k%22e%5Cy%2B%2Fa%26b%3D%25%3D%3D~_.-Zz09",
            body.RootElement.GetProperty("properties").GetProperty("destination").GetProperty("properties").GetProperty("endpointUrl").GetString());
    }

    [Theory]
    [InlineData("infra/hooks/postprovision.sh")]
    [InlineData("infra/hooks/postdeploy.sh")]
    [InlineData("tests/CoP.Tests/Infrastructure/FakeAz/az")]
    public void ShellScriptIsCheckedOutWithLfLineEndingsEvenWhereGitConvertsToCrlf(string path)
    {
        // sh stops at the first line with a carriage return ("set: Illegal option -"): a clone made on Windows and
        // used from WSL or a dev container would fail azd up.
        var start = new ProcessStartInfo("git", ["check-attr", "eol", "--", path]) { RedirectStandardOutput = true, WorkingDirectory = Root };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("Could not start git.");
        var answer = git.StandardOutput.ReadToEnd();
        git.WaitForExit();

        Assert.Equal($"{path}: eol: lf", answer.Trim());
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static void AssertEveryCallNamesTheSubscription(HookRun run)
    {
        Assert.NotEmpty(run.Calls);
        Assert.All(run.Calls, call => Assert.True(
            call.Contains($"--subscription {Subscription}", StringComparison.Ordinal) || call.Contains($"https://management.azure.com/subscriptions/{Subscription}/", StringComparison.Ordinal),
            $"az {call} does not name the subscription."));
    }

    private async Task<HookRun> RunAsync(string shell, string hook, Action<IDictionary<string, string?>>? change = null, string? workingDirectory = null)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The hook tests run sh and a shell-script az: Linux or macOS (as CI does).");
            return null!;
        }

        var program = shell == "sh" ? "sh" : PowerShell();
        var script = Path.Combine(Root, "infra", "hooks", hook + (shell == "sh" ? ".sh" : ".ps1"));
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Root,
        };
        if (shell == "pwsh")
        {
            start.ArgumentList.Add("-NoProfile");
            start.ArgumentList.Add("-NonInteractive");
            start.ArgumentList.Add("-File");
        }

        start.ArgumentList.Add(script);
        var fakeAz = Path.Combine(Root, "tests", "CoP.Tests", "Infrastructure", "FakeAz");
        File.SetUnixFileMode(Path.Combine(fakeAz, "az"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(State);
        var log = Path.Combine(_work, $"calls-{Guid.NewGuid():N}.log");
        File.WriteAllText(log, "");
        var environment = start.Environment;
        environment["PATH"] = fakeAz + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        environment["FAKE_AZ_LOG"] = log;
        environment["FAKE_AZ_STATE"] = State;
        environment["COP_HOOK_RETRY_SECONDS"] = "0";
        environment["AZURE_SUBSCRIPTION_ID"] = Subscription;
        environment["AZURE_RESOURCE_GROUP"] = "rg-test";
        environment["AZURE_FUNCTION_APP_NAME"] = "func-test";
        environment["AZURE_FUNCTION_APP_HOST"] = "func-test.azurewebsites.net";
        environment["AZURE_KEY_VAULT_NAME"] = "kv-test";
        environment["AZURE_STORAGE_ACCOUNT_NAME"] = "sttest";
        environment["EVENT_GRID_SYSTEM_TOPIC_NAME"] = "evgt-test";
        environment["UPLOADS_CONTAINER_NAME"] = "uploads";
        environment["DEAD_LETTER_CONTAINER_NAME"] = "upload-events-deadletter";
        environment["INGEST_FUNCTION_NAME"] = "IngestDocument";
        environment["GENERATED_SECRET_NAMES"] = string.Join(',', Secrets);
        change?.Invoke(environment);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var calls = File.ReadAllLines(log).Where(line => line.Length > 0).ToList();
        return new HookRun($"{shell} {hook}", process.ExitCode, await output + await errors, calls);
    }

    /// <summary>PowerShell 7 as `dotnet tool install --global PowerShell` puts it (CI installs it), or on PATH.</summary>
    private static string PowerShell()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"))
            .Select(directory => Path.Combine(directory, "pwsh"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("PowerShell (pwsh) is not installed: dotnet tool install --global PowerShell --version 7.6.9");
    }

    private sealed record HookRun(string Name, int ExitCode, string Output, IReadOnlyList<string> Calls)
    {
        public override string ToString() => $"{Name} exited with {ExitCode}:{Environment.NewLine}{Output}{Environment.NewLine}az calls:{Environment.NewLine}{string.Join(Environment.NewLine, Calls)}";
    }
}
