package io.github.mailback.starter.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the tests ask of the application besides its own requests: restart it in the same JVM (as
 * devtools and Spring Cloud's restart endpoint do: the context closes, logging is initialised again,
 * a new context starts), and show what is attached to Logback's root logger.
 */
@RestController
public class TestControls {
    private final ConfigurableApplicationContext context;
    private final ApplicationArguments arguments;

    public TestControls(ConfigurableApplicationContext context, ApplicationArguments arguments) {
        this.context = context;
        this.arguments = arguments;
    }

    @PostMapping("/test/restart")
    public String restart() {
        Thread restart = new Thread(() -> {
            context.close();
            SpringApplication.run(OrderServiceApplication.class, arguments.getSourceArgs());
        }, "test-restart");
        restart.setDaemon(false); // a request thread's are daemons: this one keeps the JVM up meanwhile
        restart.start();
        return "restarting";
    }

    /** The root logger's appenders, the mailback JMX beans and the mailback threads, now. */
    @GetMapping("/test/logging")
    public Map<String, Object> logging() throws MalformedObjectNameException {
        LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();
        List<String> rootAppenders = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = loggerContext.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
                it.hasNext();) {
            Appender<ILoggingEvent> a = it.next();
            rootAppenders.add(a.getName() + ":" + a.getClass().getSimpleName());
        }
        List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("mailback-")).sorted().toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rootAppenders", rootAppenders);
        result.put("smtpAppenderMBeans", ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.github.mailback:type=SmtpAppender,*"), null).size());
        result.put("mailbackThreads", threads);
        return result;
    }
}
