using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CoP.Functions.Telemetry;
using CoP.Shared.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Hosting;

/// <summary>
/// The telemetry pipeline as Program.cs composes it (the app's registrations, then AddCommunityTelemetry), with an
/// exporter that keeps what it is given: what would reach Application Insights.
/// </summary>
public sealed class TelemetryTests(StorageFixture storage)
{
    [Fact]
    public async Task LogRecordsCarryTheMemberIdAsAnAttributeAndNeverTheAddressOrName()
    {
        var exported = new KeepingExporter();
        await using var app = TestApp.Create(storage, compose: (services, configuration) => services.AddCommunityTelemetry(
            configuration, telemetry => telemetry.WithLogging(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(exported)))));

        var (member, _) = await ConfirmedMemberAsync(app, "kwame.mensah@example.org");

        var records = exported.Records;
        Assert.Contains(records, r => r.Attributes.Any(a => a.Key == "MemberId" && a.Value == member.MemberId));
        Assert.All(records, r =>
        {
            var text = r.ToString();
            Assert.DoesNotContain("kwame.mensah", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(member.Name, text, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task CountersCountWhatHappenedWithKindsAndReasonsAsTheirOnlyTags()
    {
        await using var app = TestApp.Create(storage);
        var meter = app.Get<CommunityMetrics>().Registrations.Meter;
        var measured = new ConcurrentBag<(string Instrument, long Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        listener.Start();

        var (member, token) = await ConfirmedMemberAsync(app, "kofi.boateng@example.org");
        await UploadAndIngestAsync(app, token, "soil-carbon.pdf", "application/pdf", Documents.SampleFiles.Pdf("Counted"));
        await UploadAndIngestAsync(app, token, "not-a.pdf", "application/pdf", Documents.SampleFiles.Png());

        long Sum(string name) => measured.Where(m => m.Instrument == name).Sum(m => m.Value);
        Assert.Equal(1, Sum("cop.registrations"));
        Assert.Equal(1, Sum("cop.confirmations"));
        Assert.Equal(1, Sum("cop.documents.published"));
        var rejected = Assert.Single(measured, m => m.Instrument == "cop.documents.rejected");
        Assert.False(string.IsNullOrEmpty(rejected.Tags["reason"]));
        Assert.Contains(measured, m => m.Instrument == "cop.mail.queued" && m.Tags["kind"] == "registration");
        Assert.All(measured.SelectMany(m => m.Tags.Values), value =>
        {
            Assert.DoesNotContain(member.MemberId, value ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("kofi", value ?? "", StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task AppWorksAndStillLogsWhenAnApplicationInsightsConnectionStringIsSetLocally()
    {
        // A developer who copies the deployed app's settings into local.settings.json: no managed identity here, and
        // an ingestion endpoint that does not answer. The exporter must fail on its own, never the app.
        var exported = new KeepingExporter();
        var settings = new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] =
                "InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        };
        var exportsToAzureMonitor = false;
        await using var app = TestApp.Create(storage, settings, compose: (services, configuration) =>
        {
            services.AddCommunityTelemetry(
                configuration, telemetry => telemetry.WithLogging(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(exported))));
            exportsToAzureMonitor = services.Any(d => (d.ImplementationType ?? d.ServiceType).Namespace?.StartsWith("Azure.Monitor", StringComparison.Ordinal) == true);
        });

        var (member, _) = await ConfirmedMemberAsync(app, "ama.owusu@example.org");

        Assert.True(exportsToAzureMonitor);
        Assert.Contains(exported.Records, r => r.Attributes.Any(a => a.Key == "MemberId" && a.Value == member.MemberId));
    }

    [Fact]
    public void NothingIsExportedToApplicationInsightsWithoutItsConnectionString()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        services.AddCommunityTelemetry(configuration);

        Assert.DoesNotContain(services, d => (d.ImplementationType ?? d.ServiceType).Namespace?.StartsWith("Azure.Monitor", StringComparison.Ordinal) == true);
    }

    /// <summary>A copy of each record as it is exported: the SDK reuses its LogRecord objects.</summary>
    private sealed class KeepingExporter : BaseExporter<LogRecord>
    {
        private readonly List<Kept> _records = [];

        public IReadOnlyList<Kept> Records
        {
            get
            {
                lock (_records)
                {
                    return [.. _records];
                }
            }
        }

        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var attributes = (record.Attributes ?? []).Select(a => KeyValuePair.Create(a.Key, Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
                // Scopes and exceptions are exported too (IncludeScopes; exceptions become exception rows).
                var scopes = new List<string>();
                record.ForEachScope((scope, state) => state.Add(Convert.ToString(scope.Scope, System.Globalization.CultureInfo.InvariantCulture) ?? ""), scopes);
                lock (_records)
                {
                    _records.Add(new Kept(record.CategoryName, record.FormattedMessage ?? record.Body, attributes, scopes, record.Exception?.ToString()));
                }
            }

            return ExportResult.Success;
        }
    }

    internal sealed record Kept(string? Category, string? Message, IReadOnlyList<KeyValuePair<string, string?>> Attributes, IReadOnlyList<string> Scopes, string? Exception)
    {
        public override string ToString() =>
            $"{Category}: {Message} [{string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}] scopes [{string.Join(", ", Scopes)}] {Exception}";
    }
}
