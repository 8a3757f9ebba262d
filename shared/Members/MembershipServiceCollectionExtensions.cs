using CoP.Shared.Hosting;
using CoP.Shared.Email.Queue;
using CoP.Shared.Members.Import;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

public static class MembershipServiceCollectionExtensions
{
    /// <summary>
    /// Members, tokens, registration, self-service, the import of members and the daily housekeeping. Needs storage, the topic catalog, email
    /// and the request limits.
    /// </summary>
    public static IServiceCollection AddCommunityMembership(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostingEnvironment(configuration);
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsKeyValidator>());
        services.AddOptions<MemberTokenOptions>().Bind(configuration.GetSection(MemberTokenOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemberTokenOptions>, MemberTokenOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemberTokenOptions>, MemberTokenOptionsKeyValidator>());
        services.AddOptions<MembershipOptions>().Bind(configuration.GetSection(MembershipOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.AddOptions<HousekeepingOptions>()
            .Configure(options => options.Schedule = configuration[HousekeepingOptions.ScheduleSetting] is { Length: > 0 } schedule ? schedule : options.Schedule)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HousekeepingOptions>, HousekeepingOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Pseudonymizer>();
        services.TryAddSingleton<MemberTokenService>();
        services.TryAddSingleton<MemberStore>();
        services.TryAddSingleton<MemberEmailIndex>();
        services.TryAddSingleton<ConsentLedger>();
        services.TryAddSingleton<MemberMailer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, RegistrationMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, AccessLinkMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EraseReceiptMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, ImportConfirmationMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, OutboxMemberData>());
        services.TryAddSingleton<RegistrationService>();
        services.TryAddSingleton<MemberMailDecider>();
        services.TryAddSingleton<ConfirmationService>();
        services.TryAddSingleton<MemberListing>();
        services.TryAddSingleton<MemberAccountService>();
        services.TryAddSingleton<MemberCsvExporter>();
        services.TryAddSingleton<MemberImportService>();
        services.TryAddSingleton<ImportFileStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, ImportFilesMemberData>());
        services.TryAddSingleton<HousekeepingService>();
        return services;
    }
}
