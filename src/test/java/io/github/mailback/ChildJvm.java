package io.github.mailback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test tree in a JVM of its own and keeps what it printed. */
record ChildJvm(int exitCode, String output) {

    /** In the child: Logback's context, configured from a test resource instead of its default file. */
    static ch.qos.logback.classic.LoggerContext configureLogback(String resource) throws Exception {
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(ChildJvm.class.getResource(resource));
        return context;
    }

    static ChildJvm run(Class<?> main, int smtpPort, String... args) throws IOException, InterruptedException {
        return run(main, System.getProperty("java.class.path"), smtpPort, args);
    }

    /** The same with another class path (the test's, less a library, say). */
    static ChildJvm run(Class<?> main, String classPath, int smtpPort, String... args)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("mailback-child", ".log");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-cp", classPath,
                    "-DsmtpPort=" + smtpPort, main.getName()));
            command.addAll(List.of(args));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                child.destroyForcibly();
                throw new AssertionError("the child JVM did not exit: " + Files.readString(output));
            }
            return new ChildJvm(child.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
