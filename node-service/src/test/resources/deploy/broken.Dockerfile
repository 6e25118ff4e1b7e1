# A Dockerfile with mistakes that k8s/validate/lint-dockerfiles.mjs must report (KubernetesManifestsIT).
FROM eclipse-temurin:17-jre-noble
COPY --fromm=build /src/a.jar /opt/a.jar
EXPOSE grpc
ENTRYPOINT ["java", "-jar", "/opt/a.jar"]
