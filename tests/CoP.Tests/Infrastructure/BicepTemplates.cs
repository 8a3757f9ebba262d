using System.Text.Json.Nodes;
using CoP.TestSupport;

namespace CoP.Tests.Infrastructure;

/// <summary>
/// Builds infra/main.bicep (which compiles every module it uses) and lints every Bicep file under infra/,
/// once per test class and both at the same time, so that the tests only read the results.
/// </summary>
public sealed class BicepTemplates : IAsyncLifetime
{
    private BicepRun? _build;
    private BicepRun? _lint;

    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot.Find(), "infra");

    public BicepRun Build => _build ?? throw new InvalidOperationException(BicepCli.UnavailableReason ?? "Not built.");

    public BicepRun Lint => _lint ?? throw new InvalidOperationException(BicepCli.UnavailableReason ?? "Not linted.");

    /// <summary>A fresh copy of the compiled main template (ARM JSON), free for a test to change.</summary>
    public JsonNode CompiledMain() =>
        Build.ExitCode == 0 && JsonNode.Parse(Build.StandardOutput) is { } template
            ? template
            : throw new InvalidOperationException($"No compiled template: {Build}");

    public async ValueTask InitializeAsync()
    {
        if (BicepCli.UnavailableReason is not null)
        {
            return;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        var build = BicepCli.RunAsync(InfraDirectory, ["build", "main.bicep", "--stdout", "--no-restore"], cancellationToken);
        var lint = BicepCli.RunAsync(InfraDirectory, ["lint", "--pattern", "**/*.bicep", "--no-restore"], cancellationToken);
        _build = await build;
        _lint = await lint;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
