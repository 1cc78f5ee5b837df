using System.Runtime.InteropServices;
using TweetPlatform.Simulator;

// A moving dashboard without real Twitter: conference tweets through the IFTTT webhook and likes from
// simulated viewers, through the gateway. The AppHost starts it unless told not to, and hands it the
// gateway by service discovery and the secret by environment (never on the command line, where `ps` shows it).
var options = SimulatorOptions.Parse([.. SimulatorOptions.FromEnvironment(Environment.GetEnvironmentVariable), .. args], out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

using var stopping = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopping.Cancel(); });

using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(15) };
await new Simulation(options, http, TimeProvider.System, Console.WriteLine).RunAsync(stopping.Token);
return 0;
