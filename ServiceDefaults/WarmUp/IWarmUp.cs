namespace TweetPlatform.ServiceDefaults.WarmUp;

/// <summary>
/// Works a service's hot paths once before the instance reports ready, so its first users do not pay for the JIT,
/// the first connections and the first metadata lookups. Must change no state anyone can see.
/// </summary>
public interface IWarmUp
{
    Task WarmAsync(CancellationToken cancellationToken);
}
