using Pipeline.Validation;

return PdfProbeProgram.Run(args, Console.Out, Console.Error);
