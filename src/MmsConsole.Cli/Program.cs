using MmsConsole.Cli;

return await Mm4Ctl.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
