using CoP.Shared.Hosting;
using CoP.Shared.Email.Queue;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

public static class MembershipServiceCollectionExtensions
{
    /// <summary>Members, tokens, registration and self-service. Needs storage, the topic catalog and email.</summary>
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

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Pseudonymizer>();
        services.TryAddSingleton<MemberTokenService>();
        services.TryAddSingleton<MemberStore>();
        services.TryAddSingleton<MemberMailer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, RegistrationMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, AccessLinkMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, EraseReceiptMailPreparer>());
        services.TryAddSingleton<RegistrationService>();
        services.TryAddSingleton<MemberAccountService>();
        services.TryAddSingleton<MemberCsvExporter>();
        return services;
    }
}
